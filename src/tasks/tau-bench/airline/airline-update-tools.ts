import { toPythonJson } from "../python-json.js";
import { numberArgument, objectListArgument, pythonKeyError, stringArgument, type TauTool } from "../tau-tool.js";
import type { AirlineReservationFlight, AirlineTables } from "./airline-records.js";
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
    const user = database.get("users", found.user_id);
    if (user === undefined) throw pythonKeyError(found.user_id);
    if (!Object.hasOwn(user.payment_methods, paymentId)) return "Error: payment method not found";
    const method = user.payment_methods[paymentId];
    if (method?.source === "certificate") return "Error: certificate cannot be used to update reservation";
    if (method?.source === "gift_card" && (method.amount ?? 0) < totalPrice)
      return "Error: gift card balance is not enough";
    const reservation = database.edit("reservations", reservationId) ?? found;
    reservation.total_baggages = numberArgument(args, "total_baggages");
    reservation.nonfree_baggages = nonfreeBaggages;
    if (method?.source === "gift_card") {
      const own = database.edit("users", found.user_id)?.payment_methods[paymentId];
      if (own !== undefined) own.amount = (own.amount ?? 0) - totalPrice;
    }
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
    const user = database.get("users", found.user_id);
    if (user === undefined) throw pythonKeyError(found.user_id);
    if (!Object.hasOwn(user.payment_methods, paymentId)) return "Error: payment method not found";
    const method = user.payment_methods[paymentId];
    if (method?.source === "certificate") return "Error: certificate cannot be used to update reservation";
    if (method?.source === "gift_card" && (method.amount ?? 0) < totalPrice)
      return "Error: gift card balance is not enough";
    if (method?.source === "gift_card") {
      const own = database.edit("users", found.user_id)?.payment_methods[paymentId];
      if (own !== undefined) own.amount = (own.amount ?? 0) - totalPrice;
    }
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
