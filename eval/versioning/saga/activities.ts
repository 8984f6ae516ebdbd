// Deterministic stubs for the saga sample's account activities (samples-typescript saga/src/activities.ts).
import { ApplicationFailure } from '@temporalio/common';

export async function createAccount(input: { accountId: string; tag?: string }): Promise<void> {
  void input;
}

export async function addAddress(input: { accountId: string; address: string }): Promise<void> {
  void input;
}

export async function addClient(input: { accountId: string; clientEmail: string }): Promise<void> {
  void input;
}

export async function addPhoneNumber(input: { accountId: string }): Promise<void> {
  void input;
}

export async function addBankAccount(input: { accountId: string; details: string; shouldThrow: boolean }): Promise<void> {
  if (input.shouldThrow) throw ApplicationFailure.nonRetryable('add bank account failed', 'BankAccountRejected');
}

export async function clearPostalAddresses(input: { accountId: string }): Promise<void> {
  void input;
}

export async function clearAddresses(input: { accountId: string }): Promise<void> {
  void input;
}

export async function removeClient(input: { accountId: string }): Promise<void> {
  void input;
}

export async function removePhoneNumber(input: { accountId: string }): Promise<void> {
  void input;
}

export async function disconnectBankAccounts(input: { accountId: string }): Promise<void> {
  void input;
}
