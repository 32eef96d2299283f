import type { EpisodeDatabase } from "../episode-database.js";
import { toPythonJson } from "../python-json.js";
import { pyAppend, pyBinary, pyDeepCopy, pyGetItem, pyInKeys, pyIter, pyLen, pyMax, pySum } from "../python-ops.js";
import { isPyDict, type PyValue, pyEquals, pyLess } from "../python-value.js";
import { argument, findKey, type TauTool } from "../tau-tool.js";
import type { AirlinePaymentMethod, AirlineTables } from "./airline-records.js";
import { lookupDict, priceFlight } from "./price-flight.js";

type AirlineTool = TauTool<AirlineTables>;

/** `update_reservation_baggages`: each extra non-free bag costs 50; certificates cannot pay; bags stored as sent. */
export const updateReservationBaggages: AirlineTool = {
  name: "update_reservation_baggages",
  invoke({ database, args }) {
    const reservationId = findKey(database, "reservations", argument(args, "reservation_id"));
    const found = reservationId === undefined ? undefined : database.get("reservations", reservationId);
    if (reservationId === undefined || found === undefined) return "Error: reservation not found";
    const nonfreeBaggages = argument(args, "nonfree_baggages");
    const extra = pyMax(0, pyBinary("-", nonfreeBaggages, found.nonfree_baggages));
    const totalPrice = pyBinary("*", 50, extra);
    const method = findUpdatePaymentMethod({
      database,
      userId: found.user_id,
      paymentId: argument(args, "payment_id"),
      totalPrice,
    });
    if (typeof method === "string") return method;
    const reservation = database.edit("reservations", reservationId) ?? found;
    reservation.total_baggages = argument(args, "total_baggages");
    reservation.nonfree_baggages = nonfreeBaggages;
    if (method.method.source === "gift_card")
      chargeGiftCard({ database, userId: found.user_id, paymentId: method.id, totalPrice });
    if (!pyEquals(totalPrice, 0))
      pyAppend(reservation.payment_history, [{ payment_id: method.id, amount: totalPrice }], "append");
    return toPythonJson({ value: reservation, format: database.format });
  },
};

/** The reservation's segment that a requested one keeps (same flight, date and cabin), as the reference finds it. */
function keptSegment(
  reservation: { readonly flights: PyValue; readonly cabin: PyValue },
  requested: PyValue,
  cabin: PyValue,
): PyValue | undefined {
  for (const segment of pyIter(reservation.flights)) {
    if (!pyEquals(pyGetItem(segment, "flight_number"), pyGetItem(requested, "flight_number"))) continue;
    if (!pyEquals(pyGetItem(segment, "date"), pyGetItem(requested, "date"))) continue;
    if (pyEquals(cabin, reservation.cabin)) return segment;
  }
  return undefined;
}

/** Python's `target[key] = value` where `target` should be a dict. */
function setItem(target: PyValue, key: string, value: PyValue): void {
  if (!isPyDict(target))
    throw new Error(
      Array.isArray(target)
        ? "list indices must be integers or slices, not str"
        : `'str' object does not support item assignment`,
    );
  // A dict parsed from the model's JSON, owned by this call (deep-copied).
  (target as Record<string, PyValue>)[key] = value;
}

/** `update_reservation_flights`: reprices changed segments, charges or refunds the difference (no certificates). */
export const updateReservationFlights: AirlineTool = {
  name: "update_reservation_flights",
  invoke({ database, args }) {
    const reservationId = findKey(database, "reservations", argument(args, "reservation_id"));
    const found = reservationId === undefined ? undefined : database.get("reservations", reservationId);
    if (reservationId === undefined || found === undefined) return "Error: reservation not found";
    const cabin = argument(args, "cabin");
    let totalPrice: PyValue = 0;
    const flights = pyDeepCopy(argument(args, "flights"));
    const segments = pyIter(flights);
    for (const requested of segments) {
      const kept = keptSegment(found, requested, cabin);
      if (kept !== undefined) {
        const price = pyGetItem(kept, "price");
        totalPrice = pyBinary("+=", totalPrice, pyBinary("*", price, pyLen(found.passengers)));
        setItem(requested, "price", price);
        setItem(requested, "origin", pyGetItem(kept, "origin"));
        setItem(requested, "destination", pyGetItem(kept, "destination"));
        continue;
      }
      const priced = priceFlight({ database, requested, cabin, passengers: found.passengers });
      if (typeof priced === "string") return priced;
      totalPrice = pyBinary("+=", totalPrice, pyBinary("*", priced.price ?? null, pyLen(found.passengers)));
    }
    const oldPrices = pySum(pyIter(found.flights).map((segment) => pyGetItem(segment, "price")));
    totalPrice = pyBinary("-=", totalPrice, pyBinary("*", oldPrices, pyLen(found.passengers)));
    const method = findUpdatePaymentMethod({
      database,
      userId: found.user_id,
      paymentId: argument(args, "payment_id"),
      totalPrice,
    });
    if (typeof method === "string") return method;
    if (method.method.source === "gift_card")
      chargeGiftCard({ database, userId: found.user_id, paymentId: method.id, totalPrice });
    const reservation = database.edit("reservations", reservationId) ?? found;
    reservation.flights = flights;
    if (!pyEquals(totalPrice, 0))
      pyAppend(reservation.payment_history, [{ payment_id: method.id, amount: totalPrice }], "append");
    return toPythonJson({ value: reservation, format: database.format });
  },
};

/** `update_reservation_passengers`: replaces the passengers (as sent) when their number is unchanged. */
export const updateReservationPassengers: AirlineTool = {
  name: "update_reservation_passengers",
  invoke({ database, args }) {
    const reservationId = findKey(database, "reservations", argument(args, "reservation_id"));
    const found = reservationId === undefined ? undefined : database.get("reservations", reservationId);
    if (reservationId === undefined || found === undefined) return "Error: reservation not found";
    const passengers = argument(args, "passengers");
    if (pyLen(passengers) !== pyLen(found.passengers)) return "Error: number of passengers does not match";
    const reservation = database.edit("reservations", reservationId) ?? found;
    reservation.passengers = passengers;
    return toPythonJson({ value: reservation, format: database.format });
  },
};

interface UpdatePayment {
  readonly database: EpisodeDatabase<AirlineTables>;
  readonly userId: PyValue;
  readonly paymentId: PyValue;
  /** Dollars to charge; negative for a refund. */
  readonly totalPrice: PyValue;
}

/**
 * The payment method an update of a reservation charges, or the reference's error string: it must be the user's,
 * not a certificate, and a gift card must cover `totalPrice`.
 */
function findUpdatePaymentMethod(
  options: UpdatePayment,
): { readonly id: string; readonly method: AirlinePaymentMethod } | string {
  const { database, paymentId, totalPrice } = options;
  const userKey = findKey(database, "users", options.userId);
  const user = userKey === undefined ? undefined : database.get("users", userKey);
  if (user === undefined) throw new Error(String(options.userId));
  if (!pyInKeys(paymentId, (key) => Object.hasOwn(user.payment_methods, key))) return "Error: payment method not found";
  const method = lookupDict(user.payment_methods, paymentId);
  if (method.source === "certificate") return "Error: certificate cannot be used to update reservation";
  if (method.source === "gift_card" && pyLess(method.amount ?? null, totalPrice))
    return "Error: gift card balance is not enough";
  return { id: String(paymentId), method };
}

/** Takes `totalPrice` off the user's gift card `paymentId` (a refund when negative). */
function chargeGiftCard(options: UpdatePayment): void {
  const own = options.database.edit("users", String(options.userId))?.payment_methods[String(options.paymentId)];
  if (own !== undefined) own.amount = pyBinary("-=", own.amount ?? null, options.totalPrice);
}
