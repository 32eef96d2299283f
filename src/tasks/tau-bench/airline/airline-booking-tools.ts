import { toPythonJson } from "../python-json.js";
import { numberArgument, objectListArgument, pythonKeyError, stringArgument, type TauTool } from "../tau-tool.js";
import type { AirlineReservation, AirlineReservationFlight, AirlineTables } from "./airline-records.js";
import { priceFlight } from "./price-flight.js";

type AirlineTool = TauTool<AirlineTables>;

/** `book_reservation`: checks flights, seats and payments, then stores reservation `HATHAT` (`HATHAU`, `HATHAV`). */
export const bookReservation: AirlineTool = {
  name: "book_reservation",
  invoke({ database, args }) {
    const userId = stringArgument(args, "user_id");
    const found = database.get("users", userId);
    if (found === undefined) return "Error: user not found";
    let reservationId = "HATHAT";
    if (database.has("reservations", reservationId)) {
      reservationId = "HATHAU";
      if (database.has("reservations", reservationId)) reservationId = "HATHAV";
    }
    const cabin = stringArgument(args, "cabin");
    const passengers = objectListArgument(args, "passengers");
    const payments = objectListArgument(args, "payment_methods");
    const nonfreeBaggages = numberArgument(args, "nonfree_baggages");
    const flights: AirlineReservationFlight[] = [];
    let totalPrice = 0;
    for (const requested of structuredClone(objectListArgument(args, "flights"))) {
      const priced = priceFlight({ database, requested, cabin, seats: passengers.length });
      if (typeof priced === "string") return priced;
      flights.push(priced);
      totalPrice += priced.price * passengers.length;
    }
    if (args.insurance === "yes") totalPrice += 30 * passengers.length;
    totalPrice += 50 * nonfreeBaggages;
    let paid = 0;
    for (const payment of payments) {
      const paymentId = String(payment.payment_id);
      const amount = Number(payment.amount);
      if (!Object.hasOwn(found.payment_methods, paymentId)) return `Error: payment method ${paymentId} not found`;
      const method = found.payment_methods[paymentId];
      if ((method?.source === "gift_card" || method?.source === "certificate") && (method.amount ?? 0) < amount)
        return `Error: not enough balance in payment method ${paymentId}`;
      paid += amount;
    }
    if (paid !== totalPrice)
      return `Error: payment amount does not add up, total price is ${totalPrice}, but paid ${paid}`;
    const user = database.edit("users", userId) ?? found;
    for (const payment of payments) {
      const paymentId = String(payment.payment_id);
      const method = user.payment_methods[paymentId];
      if (method?.source === "gift_card") method.amount = (method.amount ?? 0) - Number(payment.amount);
      else if (method?.source === "certificate") delete user.payment_methods[paymentId];
    }
    // Key order and aliasing as the reference builds the record.
    const reservation: AirlineReservation = {
      reservation_id: reservationId,
      user_id: userId,
      origin: args.origin,
      destination: args.destination,
      flight_type: args.flight_type,
      cabin,
      flights,
      passengers,
      payment_history: payments as AirlineReservation["payment_history"], // stored as the model sent them
      created_at: "2024-05-15T15:00:00",
      total_baggages: args.total_baggages as number, // stored as the model sent it, like the reference
      nonfree_baggages: nonfreeBaggages,
      insurance: args.insurance,
    };
    database.insert("reservations", reservationId, reservation);
    user.reservations.push(reservationId);
    return toPythonJson({ value: reservation, format: database.format });
  },
};

/** `cancel_reservation`: appends negative payments and marks the reservation cancelled (no status checks). */
export const cancelReservation: AirlineTool = {
  name: "cancel_reservation",
  invoke({ database, args }) {
    const reservation = database.edit("reservations", stringArgument(args, "reservation_id"));
    if (reservation === undefined) return "Error: reservation not found";
    const refunds = reservation.payment_history.map((payment) => ({
      payment_id: payment.payment_id,
      amount: -payment.amount,
    }));
    reservation.payment_history.push(...refunds);
    reservation.status = "cancelled";
    return toPythonJson({ value: reservation, format: database.format });
  },
};

/** `send_certificate`: adds `certificate_3221322` (then …323, …324) to the user. */
export const sendCertificate: AirlineTool = {
  name: "send_certificate",
  invoke({ database, args }) {
    const userId = stringArgument(args, "user_id");
    if (!database.has("users", userId)) return "Error: user not found";
    const user = database.edit("users", userId);
    if (user === undefined) throw pythonKeyError(userId);
    const amount = args.amount;
    for (const id of [3221322, 3221323, 3221324]) {
      const paymentId = `certificate_${id}`;
      if (!Object.hasOwn(user.payment_methods, paymentId)) {
        // The amount is stored as the model sent it.
        user.payment_methods[paymentId] = { source: "certificate", amount: amount as number, id: paymentId };
        return `Certificate ${paymentId} added to user ${userId} with amount ${typeof amount === "number" ? amount : String(amount)}.`;
      }
    }
    // The reference falls off the end and returns None, which the environment prints as "None".
    return "None";
  },
};
