import { toPythonJson } from "../python-json.js";
import { argument, findKey, type TauTool } from "../tau-tool.js";
import type { RetailTables } from "./retail-records.js";

type RetailTool = TauTool<RetailTables>;

/** `get_order_details`. */
export const getOrderDetails: RetailTool = {
  name: "get_order_details",
  invoke({ database, args }) {
    const orderId = findKey(database, "orders", argument(args, "order_id"));
    const order = orderId === undefined ? undefined : database.get("orders", orderId);
    return order === undefined ? "Error: order not found" : toPythonJson({ value: order, format: database.format });
  },
};

/** `get_product_details`. */
export const getProductDetails: RetailTool = {
  name: "get_product_details",
  invoke({ database, args }) {
    const productId = findKey(database, "products", argument(args, "product_id"));
    const product = productId === undefined ? undefined : database.get("products", productId);
    return product === undefined
      ? "Error: product not found"
      : toPythonJson({ value: product, format: database.format });
  },
};

/** `list_all_product_types`: `{name: product_id}` sorted by name (a later product of the same name wins). */
export const listAllProductTypes: RetailTool = {
  name: "list_all_product_types",
  invoke({ database }) {
    const byName = new Map<string, string>();
    for (const product of database.entries("products")) byName.set(product[1].name, product[1].product_id);
    // Python sorts by code point, which for these ASCII names is the default string order.
    const sorted = [...byName].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const keys = sorted.map(([name]) => name);
    return toPythonJson({
      value: Object.fromEntries(sorted),
      format: { isFloat: () => false, keysOf: () => keys },
    });
  },
};
