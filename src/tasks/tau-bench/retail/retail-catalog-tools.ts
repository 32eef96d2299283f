import { toPythonJson } from "../python-json.js";
import { stringArgument, type TauTool } from "../tau-tool.js";
import type { RetailTables } from "./retail-records.js";

type RetailTool = TauTool<RetailTables>;

/** `get_order_details`. */
export const getOrderDetails: RetailTool = {
  name: "get_order_details",
  invoke({ database, args }) {
    const order = database.get("orders", stringArgument(args, "order_id"));
    return order === undefined ? "Error: order not found" : toPythonJson({ value: order, format: database.format });
  },
};

/** `get_product_details`. */
export const getProductDetails: RetailTool = {
  name: "get_product_details",
  invoke({ database, args }) {
    const product = database.get("products", stringArgument(args, "product_id"));
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
