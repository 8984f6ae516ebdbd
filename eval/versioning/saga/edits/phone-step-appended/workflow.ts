// Adapted from samples-typescript saga/src/workflows.ts (openAccount with compensations run in
// reverse order when a step fails); the parameter types are inlined here.
import { ActivityFailure, ApplicationFailure, log, proxyActivities } from '@temporalio/workflow';
import type * as activities from './activities';

const defaultActivity = {
  startToCloseTimeout: '2s',
  scheduleToCloseTimeout: '3s',
} as const;
const longRunningActivity = {
  startToCloseTimeout: '4s',
  scheduleToCloseTimeout: '8s',
} as const;

const { addBankAccount } = proxyActivities<typeof activities>(longRunningActivity);
const { createAccount, addClient, removeClient, addAddress, addPhoneNumber, removePhoneNumber, clearPostalAddresses, disconnectBankAccounts } =
  proxyActivities<typeof activities>(defaultActivity);

export interface OpenAccount {
  accountId: string;
  address: string;
  clientEmail: string;
  bankDetails: string;
  failBankAccount: boolean;
}

interface Compensation {
  message: string;
  fn: () => Promise<void>;
}

export async function openAccount(params: OpenAccount): Promise<void> {
  const compensations: Compensation[] = [];

  try {
    await createAccount({ accountId: params.accountId });
  } catch (err) {
    log.error('creating account failed. stopping.');
    throw err;
  }

  try {
    await addAddress({ accountId: params.accountId, address: params.address });
    compensations.unshift({
      message: prettyErrorMessage('reversing add address'),
      fn: () => clearPostalAddresses({ accountId: params.accountId }),
    });

    await addClient({ accountId: params.accountId, clientEmail: params.clientEmail });
    compensations.unshift({
      message: prettyErrorMessage('reversing add client'),
      fn: () => removeClient({ accountId: params.accountId }),
    });

    await addBankAccount({ accountId: params.accountId, details: params.bankDetails, shouldThrow: params.failBankAccount });
    compensations.unshift({
      message: prettyErrorMessage('reversing add bank account'),
      fn: () => disconnectBankAccounts({ accountId: params.accountId }),
    });

    await addPhoneNumber({ accountId: params.accountId });
    compensations.unshift({
      message: prettyErrorMessage('reversing add phone number'),
      fn: () => removePhoneNumber({ accountId: params.accountId }),
    });
  } catch (err) {
    if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure) {
      log.error(err.cause.message);
    } else {
      log.error(`error while opening account: ${err}`);
    }
    await compensate(compensations);
    throw err;
  }
}

async function compensate(compensations: Compensation[] = []): Promise<void> {
  if (compensations.length > 0) {
    log.info('failures encountered during account opening - compensating');
    for (const comp of compensations) {
      try {
        log.error(comp.message);
        await comp.fn();
      } catch (err) {
        log.error(`failed to compensate: ${prettyErrorMessage('', err)}`, { err });
      }
    }
  }
}

function prettyErrorMessage(message: string, err?: unknown): string {
  let errMessage = err instanceof Error ? err.message : '';
  if (err instanceof ActivityFailure) {
    errMessage = `${err.cause?.message}`;
  }
  return `${message}: ${errMessage}`;
}
