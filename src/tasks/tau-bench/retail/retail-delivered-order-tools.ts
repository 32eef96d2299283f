import { toPythonJson } from "../python-json.js";
import { pythonRound } from "../python-round.js";
import { stringArgument, stringListArgument, type TauTool } from "../tau-tool.js";
import { findUserPaymentMethod } from "./find-user-payment-method.js";
import { countOf, readItemSwap } from "./retail-item-swap.js";
import type { RetailTables } from "./retail-records.js";

type RetailTool = TauTool<RetailTables>;

/** Python's `sorted` of strings: by code point. */
function sortedStrings(values: readonly string[]): string[] {
  return [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** `exchange_delivered_order_items`: records an exchange request and the rounded price difference. */
export const exchangeDeliveredOrderItems: RetailTool = {
  name: "exchange_delivered_order_items",
  invoke({ database, args }) {
    const orderId = stringArgument(args, "order_id");
    const found = database.get("orders", orderId);
    if (found === undefined) return "Error: order not found";
    if (found.status !== "delivered") return "Error: non-delivered order cannot be exchanged";
    const swap = readItemSwap({ database, order: found, args });
    if (typeof swap === "string") return swap;
    const { itemIds, newItemIds } = swap;
    const difference = pythonRound({ value: swap.difference, digits: 2 });
    const paymentMethodId = stringArgument(args, "payment_method_id");
    const method = findUserPaymentMethod({ database, userId: found.user_id, paymentMethodId });
    if (typeof method === "string") return method;
    if (method?.source === "gift_card" && (method.balance ?? 0) < difference)
      return "Error: insufficient gift card balance to pay for the price difference";
    const order = database.edit("orders", orderId) ?? found;
    order.status = "exchange requested";
    order.exchange_items = sortedStrings(itemIds);
    order.exchange_new_items = sortedStrings(newItemIds);
    order.exchange_payment_method_id = paymentMethodId;
    order.exchange_price_difference = difference;
    // round() of Python's int 0 (no items) stays an int.
    if (itemIds.length === 0) database.markNumber(order, "exchange_price_difference", "int");
    return toPythonJson({ value: order, format: database.format });
  },
};

/** `return_delivered_order_items`: records a return request to the original method or a gift card. */
export const returnDeliveredOrderItems: RetailTool = {
  name: "return_delivered_order_items",
  invoke({ database, args }) {
    const orderId = stringArgument(args, "order_id");
    const found = database.get("orders", orderId);
    if (found === undefined) return "Error: order not found";
    if (found.status !== "delivered") return "Error: non-delivered order cannot be returned";
    const paymentMethodId = stringArgument(args, "payment_method_id");
    const method = findUserPaymentMethod({ database, userId: found.user_id, paymentMethodId });
    if (typeof method === "string") return method;
    const first = found.payment_history[0];
    if (!paymentMethodId.includes("gift_card")) {
      if (first === undefined) throw new Error("list index out of range");
      if (paymentMethodId !== first.payment_method_id)
        return "Error: payment method should be either the original payment method or a gift card";
    }
    const itemIds = stringListArgument(args, "item_ids");
    const allItemIds = found.items.map((item) => item.item_id);
    for (const itemId of itemIds)
      if (countOf(itemIds, itemId) > countOf(allItemIds, itemId)) return "Error: some item not found";
    const order = database.edit("orders", orderId) ?? found;
    order.status = "return requested";
    order.return_items = sortedStrings(itemIds);
    order.return_payment_method_id = paymentMethodId;
    return toPythonJson({ value: order, format: database.format });
  },
};
