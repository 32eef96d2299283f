import { toPythonJson } from "../python-json.js";
import { pyAppend, pyBinary, pyDeepCopy, pyGetItem, pyInKeys, pyIter, pyLen, pyNegate, pySum } from "../python-ops.js";
import { type PyValue, pyEquals, pyLess, pyStr } from "../python-value.js";
import { TauEpisodeCrash } from "../tau-episode-crash.js";
import { argument, findKey, pythonKeyError, type TauTool } from "../tau-tool.js";
import type { AirlinePaymentMethod, AirlineReservation, AirlineTables } from "./airline-records.js";
import { lookupDict, priceFlight } from "./price-flight.js";

type AirlineTool = TauTool<AirlineTables>;

/**
 * `book_reservation`, step by step as the reference: prices the flights (deep copies of the requested segments),
 * adds insurance and bags, checks each payment (`payment_id`, `amount` looked up in that order) and the total, then
 * charges gift cards and deletes certificates in order — a certificate listed twice is deleted and then fails the
 * second lookup, after the first deduction — and stores reservation `HATHAT` (`HATHAU`, `HATHAV`).
 */
export const bookReservation: AirlineTool = {
  name: "book_reservation",
  invoke({ database, args }) {
    const userId = findKey(database, "users", argument(args, "user_id"));
    const found = userId === undefined ? undefined : database.get("users", userId);
    if (userId === undefined || found === undefined) return "Error: user not found";
    let reservationId = "HATHAT";
    if (database.has("reservations", reservationId)) {
      reservationId = "HATHAU";
      if (database.has("reservations", reservationId)) reservationId = "HATHAV";
    }
    const cabin = argument(args, "cabin");
    const passengers = argument(args, "passengers");
    const payments = argument(args, "payment_methods");
    const flights = pyDeepCopy(argument(args, "flights"));
    let totalPrice: PyValue = 0;
    for (const requested of pyIter(flights)) {
      const priced = priceFlight({ database, requested, cabin, passengers });
      if (typeof priced === "string") return priced;
      totalPrice = pyBinary("+=", totalPrice, pyBinary("*", priced.price ?? null, pyLen(passengers)));
    }
    if (pyEquals(argument(args, "insurance"), "yes")) totalPrice = pyBinary("+=", totalPrice, 30 * pyLen(passengers));
    totalPrice = pyBinary("+=", totalPrice, pyBinary("*", 50, argument(args, "nonfree_baggages")));
    for (const payment of pyIter(payments)) {
      const paymentId = pyGetItem(payment, "payment_id");
      const amount = pyGetItem(payment, "amount");
      if (!pyInKeys(paymentId, (key) => Object.hasOwn(found.payment_methods, key)))
        return `Error: payment method ${pyStr(paymentId)} not found`;
      const method = lookupDict(found.payment_methods, paymentId);
      if (method.source === "gift_card" || method.source === "certificate") {
        if (method.amount === undefined) throw pythonKeyError("amount");
        if (pyLess(method.amount, amount)) return `Error: not enough balance in payment method ${pyStr(paymentId)}`;
      }
    }
    const paid = (): PyValue => pySum(pyIter(payments).map((payment) => pyGetItem(payment, "amount")));
    if (!pyEquals(paid(), totalPrice))
      return `Error: payment amount does not add up, total price is ${pyStr(totalPrice)}, but paid ${pyStr(paid())}`;
    const user = database.edit("users", userId) ?? found;
    for (const payment of pyIter(payments)) {
      const paymentId = pyGetItem(payment, "payment_id");
      const amount = pyGetItem(payment, "amount");
      const method: AirlinePaymentMethod = lookupDict(user.payment_methods, paymentId);
      if (method.source === "gift_card") method.amount = pyBinary("-=", method.amount ?? null, amount);
      else if (method.source === "certificate") delete user.payment_methods[String(paymentId)];
    }
    // Key order and aliasing as the reference builds the record: passengers and payments are stored as sent.
    const reservation: AirlineReservation = {
      reservation_id: reservationId,
      user_id: userId,
      origin: argument(args, "origin"),
      destination: argument(args, "destination"),
      flight_type: argument(args, "flight_type"),
      cabin,
      flights,
      passengers,
      payment_history: payments,
      created_at: "2024-05-15T15:00:00",
      total_baggages: argument(args, "total_baggages"),
      nonfree_baggages: argument(args, "nonfree_baggages"),
      insurance: argument(args, "insurance"),
    };
    database.insert("reservations", reservationId, reservation);
    user.reservations.push(reservationId);
    return toPythonJson({ value: reservation, format: database.format });
  },
};

/** `cancel_reservation`: appends negated payments and marks the reservation cancelled (no status checks). */
export const cancelReservation: AirlineTool = {
  name: "cancel_reservation",
  invoke({ database, args }) {
    const reservationId = findKey(database, "reservations", argument(args, "reservation_id"));
    const reservation = reservationId === undefined ? undefined : database.edit("reservations", reservationId);
    if (reservation === undefined) return "Error: reservation not found";
    const refunds = pyIter(reservation.payment_history).map((payment) => ({
      payment_id: pyGetItem(payment, "payment_id"),
      amount: pyNegate(pyGetItem(payment, "amount")),
    }));
    pyAppend(reservation.payment_history, refunds, "extend");
    reservation.status = "cancelled";
    return toPythonJson({ value: reservation, format: database.format });
  },
};

/**
 * `send_certificate`: adds `certificate_3221322` (then …323, …324) with the amount as sent, and says so with Python's
 * `str` of the amount (`None`, `True`, `250.0`). A fourth certificate makes the reference return None, which its
 * environment cannot turn into an observation: the episode ends in error.
 */
export const sendCertificate: AirlineTool = {
  name: "send_certificate",
  invoke({ database, args }) {
    const userId = findKey(database, "users", argument(args, "user_id"));
    if (userId === undefined) return "Error: user not found";
    const user = database.edit("users", userId);
    if (user === undefined) throw pythonKeyError(userId);
    const amount = argument(args, "amount");
    for (const id of [3221322, 3221323, 3221324]) {
      const paymentId = `certificate_${id}`;
      if (!Object.hasOwn(user.payment_methods, paymentId)) {
        user.payment_methods[paymentId] = { source: "certificate", amount, id: paymentId };
        return `Certificate ${paymentId} added to user ${userId} with amount ${pyStr(amount)}.`;
      }
    }
    throw new TauEpisodeCrash({ observation: "None", reason: "send_certificate returned None" });
  },
};
