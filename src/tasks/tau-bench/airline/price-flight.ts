import type { EpisodeDatabase } from "../episode-database.js";
import { pythonKeyError } from "../tau-tool.js";
import type { AirlineReservationFlight, AirlineTables } from "./airline-records.js";

/**
 * Checks one requested flight segment (exists, flies on the date, is available, has `seats` seats in `cabin`) and
 * completes it in place with `price`, `origin` and `destination`, as the reference does. Returns the reference's
 * error string when a check fails. Shared by `book_reservation` and `update_reservation_flights`.
 */
export function priceFlight(options: {
  readonly database: EpisodeDatabase<AirlineTables>;
  readonly requested: Record<string, unknown>;
  readonly cabin: string;
  readonly seats: number;
}): AirlineReservationFlight | string {
  const { database, requested, cabin, seats } = options;
  if (!Object.hasOwn(requested, "flight_number")) throw pythonKeyError("flight_number");
  const flightNumber = String(requested.flight_number);
  const flight = database.get("flights", flightNumber);
  if (flight === undefined) return `Error: flight ${flightNumber} not found`;
  if (!Object.hasOwn(requested, "date")) throw pythonKeyError("date");
  const date = String(requested.date);
  const onDate = Object.hasOwn(flight.dates, date) ? flight.dates[date] : undefined;
  if (onDate === undefined) return `Error: flight ${flightNumber} not found on date ${date}`;
  if (onDate.status !== "available") return `Error: flight ${flightNumber} not available on date ${date}`;
  const available = onDate.available_seats?.[cabin];
  const price = onDate.prices?.[cabin];
  if (available === undefined || price === undefined) throw pythonKeyError(cabin);
  if (available < seats) return `Error: not enough seats on flight ${flightNumber}`;
  requested.price = price;
  requested.origin = flight.origin;
  requested.destination = flight.destination;
  // Completed just above with the three fields a reservation segment has.
  return requested as AirlineReservationFlight;
}
