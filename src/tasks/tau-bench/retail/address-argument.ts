import { argument, type ToolArguments } from "../tau-tool.js";
import type { RetailAddress } from "./retail-records.js";

/**
 * The address of `modify_user_address` and `modify_pending_order_address`, built from their `address1`, `address2`,
 * `city`, `state`, `country` and `zip` arguments in that order. The values are stored as the model sent them, of
 * whatever JSON type, as the reference stores them.
 */
export function addressArgument(args: ToolArguments): RetailAddress {
  return {
    address1: argument(args, "address1"),
    address2: argument(args, "address2"),
    city: argument(args, "city"),
    state: argument(args, "state"),
    country: argument(args, "country"),
    zip: argument(args, "zip"),
  };
}
