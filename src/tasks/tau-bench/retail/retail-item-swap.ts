import type { EpisodeDatabase } from "../episode-database.js";
import { pyCount, pyInKeys, pyIter, pyLen } from "../python-ops.js";
import { type PyValue, pyEquals, pyStr } from "../python-value.js";
import { argument, pythonKeyError, type ToolArguments } from "../tau-tool.js";
import type { RetailOrder, RetailOrderItem, RetailTables, RetailVariant } from "./retail-records.js";

/** The order's first item whose id equals `itemId` (the reference's `[...][0]`, IndexError when none). */
export function findOrderItem(order: Readonly<RetailOrder>, itemId: PyValue): RetailOrderItem {
  const item = order.items.find((candidate) => pyEquals(candidate.item_id, itemId));
  if (item === undefined) throw new Error("list index out of range");
  return item;
}

/**
 * The reference's check that every listed item is in the order as often as listed (Python's `for`/`count` over
 * whatever `itemIds` is: a string's characters, a list's elements). Returns the id of the first that is not.
 */
export function findMissingItem(order: Readonly<RetailOrder>, itemIds: PyValue): { readonly id: PyValue } | undefined {
  const allItemIds = order.items.map((item) => item.item_id);
  for (const itemId of pyIter(itemIds))
    if (pyCount(itemIds, itemId) > pyCount(allItemIds, itemId)) return { id: itemId };
  return undefined;
}

/** The variant `newItemId` of the order item's product when it exists and is available (Python's `in`). */
function availableVariant(
  database: EpisodeDatabase<RetailTables>,
  item: RetailOrderItem,
  newItemId: PyValue,
): RetailVariant | undefined {
  const product = database.get("products", item.product_id);
  if (product === undefined) throw pythonKeyError(item.product_id);
  if (!pyInKeys(newItemId, (key) => Object.hasOwn(product.variants, key))) return undefined;
  const variant = product.variants[String(newItemId)];
  return variant?.available === true ? variant : undefined;
}

/** One old item and the variant replacing it. */
export interface ItemSwapPair {
  readonly item: RetailOrderItem;
  readonly newItemId: string;
  readonly variant: RetailVariant;
}

/**
 * Reads and checks the `item_ids` → `new_item_ids` swap of an order, shared by `modify_pending_order_items` and
 * `exchange_delivered_order_items`, in the reference's order and with its Python semantics: every old item must be
 * in the order (as often as listed), both must be as long, and each new item must exist and be available. Returns
 * the raw lists, the pairs and the unrounded price difference (summed from the int 0), or the reference's error.
 */
export function readItemSwap(options: {
  readonly database: EpisodeDatabase<RetailTables>;
  readonly order: Readonly<RetailOrder>;
  readonly args: ToolArguments;
}):
  | {
      readonly itemIds: PyValue;
      readonly newItemIds: PyValue;
      readonly pairs: ItemSwapPair[];
      readonly difference: number;
    }
  | string {
  const { database, order, args } = options;
  const itemIds = argument(args, "item_ids");
  const newItemIds = argument(args, "new_item_ids");
  const missing = findMissingItem(order, itemIds);
  if (missing !== undefined) return `Error: ${pyStr(missing.id)} not found`;
  if (pyLen(itemIds) !== pyLen(newItemIds)) return "Error: the number of items to be exchanged should match";
  const olds = pyIter(itemIds);
  const news = pyIter(newItemIds);
  const pairs: ItemSwapPair[] = [];
  let difference = 0;
  for (let index = 0; index < Math.min(olds.length, news.length); index += 1) {
    const item = findOrderItem(order, olds[index] ?? null);
    const newItemId = news[index] ?? null;
    const variant = availableVariant(database, item, newItemId);
    if (variant === undefined) return `Error: new item ${pyStr(newItemId)} not found or available`;
    difference += variant.price - item.price;
    pairs.push({ item, newItemId: String(newItemId), variant });
  }
  return { itemIds, newItemIds, pairs, difference };
}
