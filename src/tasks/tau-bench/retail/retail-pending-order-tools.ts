import { toPythonJson } from "../python-json.js";
import { pyIn } from "../python-ops.js";
import { pythonRound } from "../python-round.js";
import { argument, findKey, pythonKeyError, type TauTool } from "../tau-tool.js";
import { addressArgument } from "./address-argument.js";
import { findUserPaymentMethod } from "./find-user-payment-method.js";
import { readItemSwap } from "./retail-item-swap.js";
import type { RetailTables, RetailTransaction } from "./retail-records.js";

type RetailTool = TauTool<RetailTables>;

/** `cancel_pending_order`: refunds every payment (gift cards at once) and marks the order cancelled. */
export const cancelPendingOrder: RetailTool = {
  name: "cancel_pending_order",
  invoke({ database, args }) {
    const orderId = findKey(database, "orders", argument(args, "order_id"));
    const found = orderId === undefined ? undefined : database.get("orders", orderId);
    if (orderId === undefined || found === undefined) return "Error: order not found";
    if (found.status !== "pending") return "Error: non-pending order cannot be cancelled";
    const reason = argument(args, "reason");
    if (!pyIn(reason, ["no longer needed", "ordered by mistake"])) return "Error: invalid reason";
    const order = database.edit("orders", orderId) ?? found;
    const refunds: RetailTransaction[] = [];
    for (const payment of order.payment_history) {
      const paymentId = payment.payment_method_id;
      refunds.push({ transaction_type: "refund", amount: payment.amount, payment_method_id: paymentId });
      if (paymentId.includes("gift_card")) {
        const user = database.edit("users", order.user_id);
        if (user === undefined) throw pythonKeyError(order.user_id);
        const method = user.payment_methods[paymentId];
        if (method === undefined) throw pythonKeyError(paymentId);
        method.balance = pythonRound({ value: (method.balance ?? 0) + payment.amount, digits: 2 });
        database.markNumber(method, "balance", "float");
      }
    }
    order.status = "cancelled";
    order.cancel_reason = reason;
    order.payment_history.push(...refunds);
    return toPythonJson({ value: order, format: database.format });
  },
};

/** `modify_pending_order_address`. */
export const modifyPendingOrderAddress: RetailTool = {
  name: "modify_pending_order_address",
  invoke({ database, args }) {
    const orderId = findKey(database, "orders", argument(args, "order_id"));
    const found = orderId === undefined ? undefined : database.get("orders", orderId);
    if (orderId === undefined || found === undefined) return "Error: order not found";
    if (found.status !== "pending") return "Error: non-pending order cannot be modified";
    const order = database.edit("orders", orderId) ?? found;
    order.address = addressArgument(args);
    return toPythonJson({ value: order, format: database.format });
  },
};

/** `modify_pending_order_items`: swaps items for variants of the same product and settles the difference. */
export const modifyPendingOrderItems: RetailTool = {
  name: "modify_pending_order_items",
  invoke({ database, args }) {
    const orderId = findKey(database, "orders", argument(args, "order_id"));
    const found = orderId === undefined ? undefined : database.get("orders", orderId);
    if (orderId === undefined || found === undefined) return "Error: order not found";
    if (found.status !== "pending") return "Error: non-pending order cannot be modified";
    const swap = readItemSwap({ database, order: found, args });
    if (typeof swap === "string") return swap;
    const { pairs, difference } = swap;
    const payment = findUserPaymentMethod({
      database,
      userId: found.user_id,
      paymentMethodId: argument(args, "payment_method_id"),
    });
    if (typeof payment === "string") return payment;
    const current = payment.method;
    if (current.source === "gift_card" && (current.balance ?? 0) < difference)
      return "Error: insufficient gift card balance to pay for the new item";
    const order = database.edit("orders", orderId) ?? found;
    const transaction: RetailTransaction = {
      transaction_type: difference > 0 ? "payment" : "refund",
      amount: Math.abs(difference),
      payment_method_id: payment.id,
    };
    order.payment_history.push(transaction);
    // Python's running sum starts from the int 0, so an empty swap records an int amount.
    if (pairs.length === 0) database.markNumber(transaction, "amount", "int");
    if (current.source === "gift_card") {
      const method = database.edit("users", found.user_id)?.payment_methods[payment.id];
      if (method !== undefined) {
        // int − int 0 stays an int in Python; any real swap makes the balance a float.
        const staysInt = pairs.length === 0 && !database.format.isFloat(method, "balance");
        method.balance = pythonRound({ value: (method.balance ?? 0) - difference, digits: 2 });
        database.markNumber(method, "balance", staysInt ? "int" : "float");
      }
    }
    for (const pair of pairs) {
      const item = order.items.find((candidate) => candidate.item_id === pair.item.item_id);
      if (item === undefined) throw new Error("list index out of range");
      item.item_id = pair.newItemId;
      item.price = pair.variant.price;
      item.options = pair.variant.options;
    }
    order.status = "pending (item modified)";
    return toPythonJson({ value: order, format: database.format });
  },
};

/** `modify_pending_order_payment`: moves the single payment to another method (gift card balances settle at once). */
export const modifyPendingOrderPayment: RetailTool = {
  name: "modify_pending_order_payment",
  invoke({ database, args }) {
    const orderId = findKey(database, "orders", argument(args, "order_id"));
    const found = orderId === undefined ? undefined : database.get("orders", orderId);
    if (orderId === undefined || found === undefined) return "Error: order not found";
    if (found.status !== "pending") return "Error: non-pending order cannot be modified";
    const payment = findUserPaymentMethod({
      database,
      userId: found.user_id,
      paymentMethodId: argument(args, "payment_method_id"),
    });
    if (typeof payment === "string") return payment;
    const paymentMethodId = payment.id;
    const method = payment.method;
    const first = found.payment_history[0];
    if (first === undefined) throw new Error("list index out of range");
    if (found.payment_history.length > 1 || first.transaction_type !== "payment")
      return "Error: there should be exactly one payment for a pending order";
    if (first.payment_method_id === paymentMethodId)
      return "Error: the new payment method should be different from the current one";
    const amount = first.amount;
    if (method.source === "gift_card" && (method.balance ?? 0) < amount)
      return "Error: insufficient gift card balance to pay for the order";
    const order = database.edit("orders", orderId) ?? found;
    order.payment_history.push(
      { transaction_type: "payment", amount, payment_method_id: paymentMethodId },
      { transaction_type: "refund", amount, payment_method_id: first.payment_method_id },
    );
    const methods = database.edit("users", found.user_id)?.payment_methods ?? {};
    const newMethod = methods[paymentMethodId];
    if (newMethod?.source === "gift_card") {
      newMethod.balance = pythonRound({ value: (newMethod.balance ?? 0) - amount, digits: 2 });
      database.markNumber(newMethod, "balance", "float");
    }
    if (first.payment_method_id.includes("gift_card")) {
      const oldMethod = methods[first.payment_method_id];
      if (oldMethod === undefined) throw pythonKeyError(first.payment_method_id);
      oldMethod.balance = pythonRound({ value: (oldMethod.balance ?? 0) + amount, digits: 2 });
      database.markNumber(oldMethod, "balance", "float");
    }
    return toPythonJson({ value: order, format: database.format });
  },
};
