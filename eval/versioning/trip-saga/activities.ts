// Deterministic stubs for the trip saga's booking activities.
import { ApplicationFailure } from '@temporalio/common';

export async function reserveCar(tripId: string, city: string): Promise<string> {
  return `car-${tripId}-${city}`;
}

export async function reserveHotel(tripId: string, city: string, nights: number): Promise<string> {
  return `hotel-${tripId}-${city}-${nights}`;
}

export async function reserveFlight(tripId: string, city: string, fail: boolean): Promise<string> {
  if (fail) throw ApplicationFailure.nonRetryable(`no seat to ${city}`, 'NoSeat');
  return `flight-${tripId}-${city}`;
}

export async function cancelCar(car: string): Promise<void> {
  void car;
}

export async function cancelHotel(hotel: string): Promise<void> {
  void hotel;
}

export async function releaseHotelRoom(hotel: string, reason: string): Promise<void> {
  void hotel;
  void reason;
}

export async function cancelFlight(flight: string): Promise<void> {
  void flight;
}
