import type { EpisodeDatabase } from "../episode-database.js";
import { toPythonJson } from "../python-json.js";
import { numberArgument, objectListArgument, pythonKeyError, stringArgument, type TauTool } from "../tau-tool.js";
import type { AirlinePaymentMethod, AirlineReservationFlight, AirlineTables } from "./airline-records.js";
import { priceFlight } from "./price-flight.js";

type AirlineTool = TauTool<AirlineTables>;

/** `update_reservation_baggages`: each extra non-free bag costs 50; certificates cannot pay. */
export const updateReservationBaggages: AirlineTool = {
  name: "update_reservation_baggages",
  invoke({ database, args }) {
    const reservationId = stringArgument(args, "reservation_id");
    const found = database.get("reservations", reservationId);
    if (found === undefined) return "Error: reservation not found";
    const nonfreeBaggages = numberArgument(args, "nonfree_baggages");
    const totalPrice = 50 * Math.max(0, nonfreeBaggages - found.nonfree_baggages);
    const paymentId = stringArgument(args, "payment_id");
    const method = findUpdatePaymentMethod({ database, userId: found.user_id, paymentId, totalPrice });
    if (typeof method === "string") return method;
    const reservation = database.edit("reservations", reservationId) ?? found;
    reservation.total_baggages = numberArgument(args, "total_baggages");
    reservation.nonfree_baggages = nonfreeBaggages;
    if (method?.source === "gift_card") chargeGiftCard({ database, userId: found.user_id, paymentId, totalPrice });
    if (totalPrice !== 0) reservation.payment_history.push({ payment_id: paymentId, amount: totalPrice });
    return toPythonJson({ value: reservation, format: database.format });
  },
};

/** `update_reservation_flights`: reprices changed segments, charges or refunds the difference (no certificates). */
export const updateReservationFlights: AirlineTool = {
  name: "update_reservation_flights",
  invoke({ database, args }) {
    const reservationId = stringArgument(args, "reservation_id");
    const found = database.get("reservations", reservationId);
    if (found === undefined) return "Error: reservation not found";
    const cabin = stringArgument(args, "cabin");
    const seats = found.passengers.length;
    let totalPrice = 0;
    const flights: AirlineReservationFlight[] = [];
    for (const requested of structuredClone(objectListArgument(args, "flights"))) {
      const kept =
        cabin === found.cabin
          ? found.flights.find(
              (segment) => segment.flight_number === requested.flight_number && segment.date === requested.date,
            )
          : undefined;
      if (kept !== undefined) {
        totalPrice += kept.price * seats;
        requested.price = kept.price;
        requested.origin = kept.origin;
        requested.destination = kept.destination;
        // Completed just above from the unchanged segment.
        flights.push(requested as AirlineReservationFlight);
        continue;
      }
      const priced = priceFlight({ database, requested, cabin, seats });
      if (typeof priced === "string") return priced;
      flights.push(priced);
      totalPrice += priced.price * seats;
    }
    totalPrice -= found.flights.reduce((sum, segment) => sum + segment.price, 0) * seats;
    const paymentId = stringArgument(args, "payment_id");
    const method = findUpdatePaymentMethod({ database, userId: found.user_id, paymentId, totalPrice });
    if (typeof method === "string") return method;
    if (method?.source === "gift_card") chargeGiftCard({ database, userId: found.user_id, paymentId, totalPrice });
    const reservation = database.edit("reservations", reservationId) ?? found;
    reservation.flights = flights;
    if (totalPrice !== 0) reservation.payment_history.push({ payment_id: paymentId, amount: totalPrice });
    return toPythonJson({ value: reservation, format: database.format });
  },
};

/** `update_reservation_passengers`: replaces the passengers when their number is unchanged. */
export const updateReservationPassengers: AirlineTool = {
  name: "update_reservation_passengers",
  invoke({ database, args }) {
    const reservationId = stringArgument(args, "reservation_id");
    const found = database.get("reservations", reservationId);
    if (found === undefined) return "Error: reservation not found";
    const passengers = objectListArgument(args, "passengers");
    if (passengers.length !== found.passengers.length) return "Error: number of passengers does not match";
    const reservation = database.edit("reservations", reservationId) ?? found;
    reservation.passengers = passengers;
    return toPythonJson({ value: reservation, format: database.format });
  },
};

interface UpdatePayment {
  readonly database: EpisodeDatabase<AirlineTables>;
  readonly userId: string;
  readonly paymentId: string;
  /** Dollars to charge; negative for a refund. */
  readonly totalPrice: number;
}

/**
 * The payment method an update of a reservation charges, or the reference's error string: it must be the user's,
 * not a certificate, and a gift card must cover `totalPrice`.
 */
function findUpdatePaymentMethod(options: UpdatePayment): AirlinePaymentMethod | undefined | string {
  const { database, userId, paymentId, totalPrice } = options;
  const user = database.get("users", userId);
  if (user === undefined) throw pythonKeyError(userId);
  if (!Object.hasOwn(user.payment_methods, paymentId)) return "Error: payment method not found";
  const method = user.payment_methods[paymentId];
  if (method?.source === "certificate") return "Error: certificate cannot be used to update reservation";
  if (method?.source === "gift_card" && (method.amount ?? 0) < totalPrice)
    return "Error: gift card balance is not enough";
  return method;
}

/** Takes `totalPrice` off the user's gift card `paymentId` (a refund when negative). */
function chargeGiftCard(options: UpdatePayment): void {
  const own = options.database.edit("users", options.userId)?.payment_methods[options.paymentId];
  if (own !== undefined) own.amount = (own.amount ?? 0) - options.totalPrice;
}
