import { toPythonJson } from "../python-json.js";
import { pyIn, pyInKeys } from "../python-ops.js";
import { type PyValue, pyEquals, pyRepr, pyTypeName } from "../python-value.js";
import { argument, findKey, type TauTool } from "../tau-tool.js";
import type { AirlineFlight, AirlineTables } from "./airline-records.js";

type AirlineTool = TauTool<AirlineTables>;

/** `get_user_details`. */
export const getUserDetails: AirlineTool = {
  name: "get_user_details",
  invoke({ database, args }) {
    const userId = findKey(database, "users", argument(args, "user_id"));
    const user = userId === undefined ? undefined : database.get("users", userId);
    return user === undefined ? "Error: user not found" : toPythonJson({ value: user, format: database.format });
  },
};

/** `get_reservation_details` (the reference says "user not found" for a missing reservation; so do we). */
export const getReservationDetails: AirlineTool = {
  name: "get_reservation_details",
  invoke({ database, args }) {
    const reservationId = findKey(database, "reservations", argument(args, "reservation_id"));
    const reservation = reservationId === undefined ? undefined : database.get("reservations", reservationId);
    return reservation === undefined
      ? "Error: user not found"
      : toPythonJson({ value: reservation, format: database.format });
  },
};

const airports: readonly (readonly [string, string])[] = [
  ["SFO", "San Francisco"],
  ["JFK", "New York"],
  ["LAX", "Los Angeles"],
  ["ORD", "Chicago"],
  ["DFW", "Dallas"],
  ["DEN", "Denver"],
  ["SEA", "Seattle"],
  ["ATL", "Atlanta"],
  ["MIA", "Miami"],
  ["BOS", "Boston"],
  ["PHX", "Phoenix"],
  ["IAH", "Houston"],
  ["LAS", "Las Vegas"],
  ["MCO", "Orlando"],
  ["EWR", "Newark"],
  ["CLT", "Charlotte"],
  ["MSP", "Minneapolis"],
  ["DTW", "Detroit"],
  ["PHL", "Philadelphia"],
  ["LGA", "LaGuardia"],
];

/** `list_all_airports`: the reference's fixed table of 20 airports. */
export const listAllAirports: AirlineTool = {
  name: "list_all_airports",
  invoke: () => toPythonJson({ value: Object.fromEntries(airports) }),
};

/** A flight without its `dates`, merged with one date's status/seats/prices (what the search tools return). */
function flightOnDate(flight: AirlineFlight, date: PyValue): Record<string, unknown> {
  const { dates, ...rest } = flight;
  const onDate = pyInKeys(date, (key) => Object.hasOwn(dates, key)) ? dates[String(date)] : undefined;
  if (onDate === undefined) throw new Error(pyRepr(date));
  return { ...rest, ...onDate };
}

/** Python's `date in flight["dates"] and flight["dates"][date]["status"] == "available"`. */
function availableOn(flight: AirlineFlight, date: PyValue): boolean {
  if (!pyInKeys(date, (key) => Object.hasOwn(flight.dates, key))) return false;
  return flight.dates[String(date)]?.status === "available";
}

/** `search_direct_flight`: available flights from origin to destination on a date. */
export const searchDirectFlight: AirlineTool = {
  name: "search_direct_flight",
  invoke({ database, args }) {
    const origin = argument(args, "origin");
    const destination = argument(args, "destination");
    const date = argument(args, "date");
    const results: Record<string, unknown>[] = [];
    for (const [, flight] of database.entries("flights")) {
      if (!pyEquals(flight.origin, origin) || !pyEquals(flight.destination, destination)) continue;
      if (availableOn(flight, date)) results.push(flightOnDate(flight, date));
    }
    return toPythonJson({ value: results, format: database.format });
  },
};

/** Python's `int(text)` for a decimal string. */
function pythonInt(text: string): number {
  if (!/^\s*[+-]?\d+(?:_\d+)*\s*$/.test(text))
    throw new Error(`invalid literal for int() with base 10: ${pyRepr(text)}`);
  return Number.parseInt(text.replaceAll("_", ""), 10);
}

/** Python's `int(date[-2:]) + 1` for whatever `date` the model sent. */
function nextDay(date: PyValue): number {
  if (typeof date === "string") return pythonInt([...date].slice(-2).join("")) + 1;
  if (Array.isArray(date))
    throw new Error("int() argument must be a string, a bytes-like object or a real number, not 'list'");
  if (date !== null && typeof date === "object" && pyTypeName(date) === "dict")
    throw new Error("unhashable type: 'slice'");
  throw new Error(`'${pyTypeName(date)}' object is not subscriptable`);
}

/**
 * `search_onestop_flight`: pairs of available connecting flights. As in the reference, the second leg's date is
 * `2024-05-<day+1>` (unpadded) when the first arrives the next day, and its details are taken from `date`.
 */
export const searchOnestopFlight: AirlineTool = {
  name: "search_onestop_flight",
  invoke({ database, args }) {
    const origin = argument(args, "origin");
    const destination = argument(args, "destination");
    const date = argument(args, "date");
    const results: Record<string, unknown>[][] = [];
    for (const [, first] of database.entries("flights")) {
      if (!pyEquals(first.origin, origin)) continue;
      for (const [, second] of database.entries("flights")) {
        if (!pyEquals(second.destination, destination) || first.destination !== second.origin) continue;
        const secondDate = pyIn("+1", first.scheduled_arrival_time_est) ? `2024-05-${nextDay(date)}` : date;
        if (first.scheduled_arrival_time_est > second.scheduled_departure_time_est) continue;
        if (!pyInKeys(date, (key) => Object.hasOwn(first.dates, key))) continue;
        if (!pyInKeys(secondDate, (key) => Object.hasOwn(second.dates, key))) continue;
        if (!availableOn(first, date) || !availableOn(second, secondDate)) continue;
        results.push([
          { ...flightOnDate(first, date), date },
          { ...flightOnDate(second, date), date: secondDate },
        ]);
      }
    }
    return toPythonJson({ value: results, format: database.format });
  },
};
