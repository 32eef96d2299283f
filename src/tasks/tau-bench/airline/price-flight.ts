import type { EpisodeDatabase } from "../episode-database.js";
import { pyGetItem, pyInKeys, pyLen } from "../python-ops.js";
import { isPyDict, type PyValue, pyLess, pyRepr, pyStr, pyTypeName } from "../python-value.js";
import { findKey } from "../tau-tool.js";
import type { AirlineReservationFlight, AirlineTables } from "./airline-records.js";

/** Python's `mapping[key]` on a database dict with string keys (KeyError `repr(key)`, unhashable lists/dicts). */
export function lookupDict<Value>(mapping: Readonly<Record<string, Value>>, key: PyValue): Value {
  const value = pyInKeys(key, (candidate) => Object.hasOwn(mapping, candidate)) ? mapping[String(key)] : undefined;
  if (value === undefined) throw new Error(pyRepr(key));
  return value;
}

/**
 * Checks one requested flight segment (exists, flies on the date, is available, has `seats` seats in `cabin`) and
 * completes it in place with `price`, `origin` and `destination`, as the reference does, with Python's semantics for
 * odd argument types. Returns the reference's error string when a check fails. Shared by `book_reservation` and
 * `update_reservation_flights`.
 */
export function priceFlight(options: {
  readonly database: EpisodeDatabase<AirlineTables>;
  readonly requested: PyValue;
  readonly cabin: PyValue;
  readonly passengers: PyValue;
}): AirlineReservationFlight | string {
  const { database, requested, cabin } = options;
  const flightNumber = pyGetItem(requested, "flight_number");
  const key = findKey(database, "flights", flightNumber);
  const flight = key === undefined ? undefined : database.get("flights", key);
  if (flight === undefined) return `Error: flight ${pyStr(flightNumber)} not found`;
  const date = pyGetItem(requested, "date");
  if (!pyInKeys(date, (candidate) => Object.hasOwn(flight.dates, candidate)))
    return `Error: flight ${pyStr(flightNumber)} not found on date ${pyStr(date)}`;
  const onDate = lookupDict(flight.dates, date);
  if (onDate.status !== "available") return `Error: flight ${pyStr(flightNumber)} not available on date ${pyStr(date)}`;
  if (pyLess(lookupDict(onDate.available_seats ?? {}, cabin), pyLen(options.passengers)))
    return `Error: not enough seats on flight ${pyStr(flightNumber)}`;
  if (!isPyDict(requested)) throw new Error(`'${pyTypeName(requested)}' object does not support item assignment`);
  // A dict of the model's arguments, deep-copied by the caller: the tool completes it in place, as the original.
  const segment = requested as AirlineReservationFlight;
  segment.price = lookupDict(onDate.prices ?? {}, cabin);
  segment.origin = flight.origin;
  segment.destination = flight.destination;
  return segment;
}
