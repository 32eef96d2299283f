import { calculate, think, transferToHumanAgents } from "../shared-tools.js";
import type { TauTool } from "../tau-tool.js";
import { bookReservation, cancelReservation, sendCertificate } from "./airline-booking-tools.js";
import {
  getReservationDetails,
  getUserDetails,
  listAllAirports,
  searchDirectFlight,
  searchOnestopFlight,
} from "./airline-lookup-tools.js";
import type { AirlineTables } from "./airline-records.js";
import {
  updateReservationBaggages,
  updateReservationFlights,
  updateReservationPassengers,
} from "./airline-update-tools.js";

/** The 14 airline tools, in `tools.json` order. */
export const airlineTools: readonly TauTool<AirlineTables>[] = [
  bookReservation,
  calculate,
  cancelReservation,
  getReservationDetails,
  getUserDetails,
  listAllAirports,
  searchDirectFlight,
  searchOnestopFlight,
  sendCertificate,
  think,
  transferToHumanAgents,
  updateReservationBaggages,
  updateReservationFlights,
  updateReservationPassengers,
];
