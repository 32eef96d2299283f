import type { PyValue } from "../python-value.js";

/**
 * Record shapes of the airline database (`db/users.json`, `flights.json`, `reservations.json`). Fields the tools
 * copy from tool arguments hold whatever JSON the model sent (`PyValue`), as in the reference.
 */
export interface AirlinePaymentMethod {
  source: string;
  id: string;
  /** Gift cards and certificates. */
  amount?: PyValue;
}

export interface AirlineUser {
  payment_methods: Record<string, AirlinePaymentMethod>;
  reservations: string[];
  [field: string]: unknown;
}

export interface AirlineFlightDate {
  status: string;
  available_seats?: Record<string, number>;
  prices?: Record<string, number>;
  [field: string]: unknown;
}

export interface AirlineFlight {
  flight_number: string;
  origin: string;
  destination: string;
  scheduled_departure_time_est: string;
  scheduled_arrival_time_est: string;
  dates: Record<string, AirlineFlightDate>;
}

/** A reservation's flight segment (a dict the model sent, completed with price, origin and destination). */
export type AirlineReservationFlight = Record<string, PyValue>;

export interface AirlineReservation {
  reservation_id: string;
  user_id: PyValue;
  cabin: PyValue;
  flights: PyValue;
  passengers: PyValue;
  payment_history: PyValue;
  nonfree_baggages: PyValue;
  total_baggages: PyValue;
  [field: string]: PyValue;
}

/** The airline tables. */
export interface AirlineTables {
  users: AirlineUser;
  flights: AirlineFlight;
  reservations: AirlineReservation;
}

/** Every number in the airline data is a Python int. */
export const airlineFloatKeys: ReadonlySet<string> = new Set();
