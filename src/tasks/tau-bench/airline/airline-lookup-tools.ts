import { toPythonJson } from "../python-json.js";
import { pythonKeyError, stringArgument, type TauTool, toPythonRepr } from "../tau-tool.js";
import type { AirlineFlight, AirlineTables } from "./airline-records.js";

type AirlineTool = TauTool<AirlineTables>;

/** `get_user_details`. */
export const getUserDetails: AirlineTool = {
  name: "get_user_details",
  invoke({ database, args }) {
    const user = database.get("users", stringArgument(args, "user_id"));
    return user === undefined ? "Error: user not found" : toPythonJson({ value: user, format: database.format });
  },
};

/** `get_reservation_details` (the reference says "user not found" for a missing reservation; so do we). */
export const getReservationDetails: AirlineTool = {
  name: "get_reservation_details",
  invoke({ database, args }) {
    const reservation = database.get("reservations", stringArgument(args, "reservation_id"));
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
function flightOnDate(flight: AirlineFlight, date: string): Record<string, unknown> {
  const { dates, ...rest } = flight;
  const onDate = dates[date];
  if (onDate === undefined) throw pythonKeyError(date);
  return { ...rest, ...onDate };
}

/** `search_direct_flight`: available flights from origin to destination on a date. */
export const searchDirectFlight: AirlineTool = {
  name: "search_direct_flight",
  invoke({ database, args }) {
    const origin = stringArgument(args, "origin");
    const destination = stringArgument(args, "destination");
    const date = stringArgument(args, "date");
    const results: Record<string, unknown>[] = [];
    for (const [, flight] of database.entries("flights")) {
      if (flight.origin !== origin || flight.destination !== destination) continue;
      if (Object.hasOwn(flight.dates, date) && flight.dates[date]?.status === "available")
        results.push(flightOnDate(flight, date));
    }
    return toPythonJson({ value: results, format: database.format });
  },
};

/** Python's `int(text)` for a decimal string. */
function pythonInt(text: string): number {
  if (!/^\s*[+-]?\d+(?:_\d+)*\s*$/.test(text))
    throw new Error(`invalid literal for int() with base 10: ${toPythonRepr(text)}`);
  return Number.parseInt(text.replaceAll("_", ""), 10);
}

/**
 * `search_onestop_flight`: pairs of available connecting flights. As in the reference, the second leg's date is
 * `2024-05-<day+1>` (unpadded) when the first arrives the next day, and its details are taken from `date`.
 */
export const searchOnestopFlight: AirlineTool = {
  name: "search_onestop_flight",
  invoke({ database, args }) {
    const origin = stringArgument(args, "origin");
    const destination = stringArgument(args, "destination");
    const date = stringArgument(args, "date");
    const results: Record<string, unknown>[][] = [];
    for (const [, first] of database.entries("flights")) {
      if (first.origin !== origin) continue;
      for (const [, second] of database.entries("flights")) {
        if (second.destination !== destination || first.destination !== second.origin) continue;
        const secondDate = first.scheduled_arrival_time_est.includes("+1")
          ? `2024-05-${pythonInt(date.slice(-2)) + 1}`
          : date;
        if (first.scheduled_arrival_time_est > second.scheduled_departure_time_est) continue;
        if (!Object.hasOwn(first.dates, date) || !Object.hasOwn(second.dates, secondDate)) continue;
        if (first.dates[date]?.status !== "available" || second.dates[secondDate]?.status !== "available") continue;
        results.push([
          { ...flightOnDate(first, date), date },
          { ...flightOnDate(second, date), date: secondDate },
        ]);
      }
    }
    return toPythonJson({ value: results, format: database.format });
  },
};
