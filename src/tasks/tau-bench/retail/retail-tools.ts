import { calculate, think, transferToHumanAgents } from "../shared-tools.js";
import type { TauTool } from "../tau-tool.js";
import { getOrderDetails, getProductDetails, listAllProductTypes } from "./retail-catalog-tools.js";
import { exchangeDeliveredOrderItems, returnDeliveredOrderItems } from "./retail-delivered-order-tools.js";
import {
  cancelPendingOrder,
  modifyPendingOrderAddress,
  modifyPendingOrderItems,
  modifyPendingOrderPayment,
} from "./retail-pending-order-tools.js";
import type { RetailTables } from "./retail-records.js";
import { findUserIdByEmail, findUserIdByNameZip, getUserDetails, modifyUserAddress } from "./retail-user-tools.js";

/** The 16 retail tools, in `tools.json` order. */
export const retailTools: readonly TauTool<RetailTables>[] = [
  calculate,
  cancelPendingOrder,
  exchangeDeliveredOrderItems,
  findUserIdByEmail,
  findUserIdByNameZip,
  getOrderDetails,
  getProductDetails,
  getUserDetails,
  listAllProductTypes,
  modifyPendingOrderAddress,
  modifyPendingOrderItems,
  modifyPendingOrderPayment,
  modifyUserAddress,
  returnDeliveredOrderItems,
  think,
  transferToHumanAgents,
];
