import { stringArgument, type ToolArguments } from "../tau-tool.js";
import type { RetailAddress } from "./retail-records.js";

/**
 * The address of `modify_user_address` and `modify_pending_order_address`, read from their `address1`, `address2`,
 * `city`, `state`, `country` and `zip` arguments (in that order, as the reference reads them).
 *
 * @throws the error of {@link stringArgument} when an argument is missing or not a string.
 */
export function addressArgument(args: ToolArguments): RetailAddress {
  return {
    address1: stringArgument(args, "address1"),
    address2: stringArgument(args, "address2"),
    city: stringArgument(args, "city"),
    state: stringArgument(args, "state"),
    country: stringArgument(args, "country"),
    zip: stringArgument(args, "zip"),
  };
}
