import { toPythonJson } from "../python-json.js";
import { pyIn, pySorted } from "../python-ops.js";
import { pythonRound } from "../python-round.js";
import { pyEquals } from "../python-value.js";
import { argument, findKey, type TauTool } from "../tau-tool.js";
import { findUserPaymentMethod } from "./find-user-payment-method.js";
import { findMissingItem, readItemSwap } from "./retail-item-swap.js";
import type { RetailTables } from "./retail-records.js";

type RetailTool = TauTool<RetailTables>;

/** `exchange_delivered_order_items`: records an exchange request and the rounded price difference. */
export const exchangeDeliveredOrderItems: RetailTool = {
  name: "exchange_delivered_order_items",
  invoke({ database, args }) {
    const orderId = findKey(database, "orders", argument(args, "order_id"));
    const found = orderId === undefined ? undefined : database.get("orders", orderId);
    if (orderId === undefined || found === undefined) return "Error: order not found";
    if (found.status !== "delivered") return "Error: non-delivered order cannot be exchanged";
    const swap = readItemSwap({ database, order: found, args });
    if (typeof swap === "string") return swap;
    const difference = pythonRound({ value: swap.difference, digits: 2 });
    const payment = findUserPaymentMethod({
      database,
      userId: found.user_id,
      paymentMethodId: argument(args, "payment_method_id"),
    });
    if (typeof payment === "string") return payment;
    if (payment.method.source === "gift_card" && (payment.method.balance ?? 0) < difference)
      return "Error: insufficient gift card balance to pay for the price difference";
    const order = database.edit("orders", orderId) ?? found;
    order.status = "exchange requested";
    order.exchange_items = pySorted(swap.itemIds);
    order.exchange_new_items = pySorted(swap.newItemIds);
    order.exchange_payment_method_id = payment.id;
    order.exchange_price_difference = difference;
    // round() of Python's int 0 (no items) stays an int.
    if (swap.pairs.length === 0) database.markNumber(order, "exchange_price_difference", "int");
    return toPythonJson({ value: order, format: database.format });
  },
};

/** `return_delivered_order_items`: records a return request to the original method or a gift card. */
export const returnDeliveredOrderItems: RetailTool = {
  name: "return_delivered_order_items",
  invoke({ database, args }) {
    const orderId = findKey(database, "orders", argument(args, "order_id"));
    const found = orderId === undefined ? undefined : database.get("orders", orderId);
    if (orderId === undefined || found === undefined) return "Error: order not found";
    if (found.status !== "delivered") return "Error: non-delivered order cannot be returned";
    const payment = findUserPaymentMethod({
      database,
      userId: found.user_id,
      paymentMethodId: argument(args, "payment_method_id"),
    });
    if (typeof payment === "string") return payment;
    if (!pyIn("gift_card", payment.id)) {
      const first = found.payment_history[0];
      if (first === undefined) throw new Error("list index out of range");
      if (!pyEquals(payment.id, first.payment_method_id))
        return "Error: payment method should be either the original payment method or a gift card";
    }
    const itemIds = argument(args, "item_ids");
    if (findMissingItem(found, itemIds) !== undefined) return "Error: some item not found";
    const order = database.edit("orders", orderId) ?? found;
    order.status = "return requested";
    order.return_items = pySorted(itemIds);
    order.return_payment_method_id = payment.id;
    return toPythonJson({ value: order, format: database.format });
  },
};
