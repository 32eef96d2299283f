/** Record shapes of the airline database (`db/users.json`, `flights.json`, `reservations.json`). */
export interface AirlinePaymentMethod {
  source: string;
  id: string;
  /** Gift cards and certificates. */
  amount?: number;
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

export interface AirlineReservationFlight {
  flight_number: string;
  date: string;
  price: number;
  origin: string;
  destination: string;
  [field: string]: unknown;
}

export interface AirlineReservation {
  reservation_id: string;
  user_id: string;
  cabin: string;
  flights: AirlineReservationFlight[];
  passengers: unknown[];
  payment_history: { payment_id: string; amount: number }[];
  nonfree_baggages: number;
  total_baggages: number;
  [field: string]: unknown;
}

/** The airline tables. */
export interface AirlineTables {
  users: AirlineUser;
  flights: AirlineFlight;
  reservations: AirlineReservation;
}

/** Every number in the airline data is a Python int. */
export const airlineFloatKeys: ReadonlySet<string> = new Set();
