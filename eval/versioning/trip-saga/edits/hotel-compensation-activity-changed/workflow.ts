// Modelled on samples-typescript saga/src/workflows.ts (steps that each register a compensation, run
// in reverse when a later step fails), written in the array-of-closures form teams often use:
// `compensations.push(() => undo())`, then `for (const c of compensations.reverse()) await c()`.
// The car and the hotel are booked together (Promise.all), the flight after them.
import { ApplicationFailure, log, proxyActivities } from '@temporalio/workflow';
import type * as activities from './activities';

const { reserveCar, reserveHotel, reserveFlight, cancelCar, releaseHotelRoom, cancelFlight } = proxyActivities<typeof activities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 1 },
});

export interface TripInput {
  tripId: string;
  city: string;
  nights: number;
  failFlight: boolean;
}

export async function bookTrip(input: TripInput): Promise<string> {
  const compensations: Array<() => Promise<void>> = [];
  try {
    const [car, hotel] = await Promise.all([reserveCar(input.tripId, input.city), reserveHotel(input.tripId, input.city, input.nights)]);
    compensations.push(async () => {
      log.warn('compensating: releasing the car');
      await cancelCar(car);
    });
    compensations.push(async () => {
      log.warn('compensating: releasing the hotel room');
      await releaseHotelRoom(hotel, 'trip not booked');
    });

    const flight = await reserveFlight(input.tripId, input.city, input.failFlight);
    compensations.push(() => cancelFlight(flight));

    return `${car} ${hotel} ${flight}`;
  } catch (err) {
    for (const compensate of compensations.reverse()) {
      await compensate();
    }
    throw ApplicationFailure.nonRetryable(`trip ${input.tripId} not booked: ${err}`, 'TripNotBooked');
  }
}
