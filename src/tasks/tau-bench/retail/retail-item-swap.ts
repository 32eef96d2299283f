import type { EpisodeDatabase } from "../episode-database.js";
import { pythonKeyError, stringListArgument, type ToolArguments } from "../tau-tool.js";
import type { RetailOrder, RetailTables } from "./retail-records.js";

/** How many times `value` occurs in `list` (Python's `list.count`). */
export function countOf(list: readonly string[], value: string): number {
  let count = 0;
  for (const element of list) if (element === value) count += 1;
  return count;
}

/**
 * The price difference (new − old, summed pair by pair in order, unrounded) of swapping `itemIds` for
 * `newItemIds` within the same products, or the reference's error string when a new item does not exist or is not
 * available. Shared by `modify_pending_order_items` and `exchange_delivered_order_items`.
 */
export function findPriceDifference(options: {
  readonly database: EpisodeDatabase<RetailTables>;
  readonly order: Readonly<RetailOrder>;
  readonly itemIds: readonly string[];
  readonly newItemIds: readonly string[];
}): number | string {
  const { database, order, itemIds, newItemIds } = options;
  let difference = 0;
  for (let index = 0; index < itemIds.length; index += 1) {
    const itemId = itemIds[index];
    const newItemId = newItemIds[index] ?? "";
    const item = order.items.find((candidate) => candidate.item_id === itemId);
    if (item === undefined) throw new Error("list index out of range");
    const product = database.get("products", item.product_id);
    if (product === undefined) throw pythonKeyError(item.product_id);
    const variant = Object.hasOwn(product.variants, newItemId) ? product.variants[newItemId] : undefined;
    if (variant === undefined || !variant.available) return `Error: new item ${newItemId} not found or available`;
    difference += variant.price - item.price;
  }
  return difference;
}

/**
 * Reads and checks the `item_ids` → `new_item_ids` swap of an order, shared by `modify_pending_order_items` and
 * `exchange_delivered_order_items`: every old item must be in the order (as often as listed), both lists must be as
 * long, and each new item must exist and be available. Returns the lists and the unrounded price difference, or the
 * reference's error string.
 */
export function readItemSwap(options: {
  readonly database: EpisodeDatabase<RetailTables>;
  readonly order: Readonly<RetailOrder>;
  readonly args: ToolArguments;
}): { readonly itemIds: string[]; readonly newItemIds: string[]; readonly difference: number } | string {
  const { database, order, args } = options;
  const itemIds = stringListArgument(args, "item_ids");
  const newItemIds = stringListArgument(args, "new_item_ids");
  const allItemIds = order.items.map((item) => item.item_id);
  for (const itemId of itemIds)
    if (countOf(itemIds, itemId) > countOf(allItemIds, itemId)) return `Error: ${itemId} not found`;
  if (itemIds.length !== newItemIds.length) return "Error: the number of items to be exchanged should match";
  const difference = findPriceDifference({ database, order, itemIds, newItemIds });
  if (typeof difference === "string") return difference;
  return { itemIds, newItemIds, difference };
}
