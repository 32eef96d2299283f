import type { EpisodeDatabase } from "../episode-database.js";
import { pythonKeyError } from "../tau-tool.js";
import type { RetailPaymentMethod, RetailTables } from "./retail-records.js";

/**
 * The payment method `paymentMethodId` of user `userId`, as the order tools look it up, or the reference's
 * `Error: payment method not found` when the user has no method of that id.
 *
 * @throws the reference's KeyError when the user is not in the database.
 */
export function findUserPaymentMethod(options: {
  readonly database: EpisodeDatabase<RetailTables>;
  readonly userId: string;
  readonly paymentMethodId: string;
}): RetailPaymentMethod | undefined | string {
  const { database, userId, paymentMethodId } = options;
  const user = database.get("users", userId);
  if (user === undefined) throw pythonKeyError(userId);
  if (!Object.hasOwn(user.payment_methods, paymentMethodId)) return "Error: payment method not found";
  return user.payment_methods[paymentMethodId];
}
