import type { EpisodeDatabase } from "../episode-database.js";
import { pyInKeys } from "../python-ops.js";
import type { PyValue } from "../python-value.js";
import { pythonKeyError } from "../tau-tool.js";
import type { RetailPaymentMethod, RetailTables } from "./retail-records.js";

/**
 * The payment method `paymentMethodId` of user `userId`, as the order tools look it up (Python's `in`, so a list
 * or dict id raises `unhashable type`), or the reference's `Error: payment method not found`.
 *
 * @throws the reference's KeyError when the user is not in the database.
 */
export function findUserPaymentMethod(options: {
  readonly database: EpisodeDatabase<RetailTables>;
  readonly userId: string;
  readonly paymentMethodId: PyValue;
}): { readonly id: string; readonly method: RetailPaymentMethod } | string {
  const { database, userId, paymentMethodId } = options;
  const user = database.get("users", userId);
  if (user === undefined) throw pythonKeyError(userId);
  if (!pyInKeys(paymentMethodId, (key) => Object.hasOwn(user.payment_methods, key)))
    return "Error: payment method not found";
  const id = String(paymentMethodId);
  const method = user.payment_methods[id];
  if (method === undefined) throw pythonKeyError(id);
  return { id, method };
}
