import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import type { EpisodeDatabase } from "./episode-database.js";
import { invokeTool } from "./invoke-tool.js";
import { loadTauDomain, type TauDomain } from "./load-tau-domain.js";
import type { PyValue } from "./python-value.js";
import type { RetailTables } from "./retail/retail-records.js";

const dataDir = process.env.DLMPO_DATA_DIR ?? fileURLToPath(new URL("../../../../shared/data", import.meta.url));
const hasData = existsSync(`${dataDir}/tau-bench/retail/tools.json`);

describe.skipIf(!hasData)("invokeTool", () => {
  let domain: TauDomain;
  beforeAll(async () => {
    domain = await loadTauDomain({ dataDir, domain: "retail" });
  });
  const call = (name: string, args: Record<string, PyValue>) =>
    invokeTool({ database: domain.createDatabase(), tools: domain.tools, name, args });

  it("answers an unknown tool with Unknown action", () => {
    expect(call("drop_tables", {})).toBe("Unknown action drop_tables");
  });

  it("reports wrong keyword arguments as Python's TypeError", () => {
    expect(call("get_order_details", {})).toBe(
      "Error: GetOrderDetails.invoke() missing 1 required positional argument: 'order_id'",
    );
    expect(call("find_user_id_by_name_zip", { first_name: "A" })).toBe(
      "Error: FindUserIdByNameZip.invoke() missing 2 required positional arguments: 'last_name' and 'zip'",
    );
    expect(call("get_order_details", { order_id: "#W1", extra: 1 })).toBe(
      "Error: GetOrderDetails.invoke() got an unexpected keyword argument 'extra'",
    );
  });

  it("turns an error thrown by a tool into Error: <message>", () => {
    expect(
      call("modify_pending_order_items", { order_id: "#W1", item_ids: 5, new_item_ids: [], payment_method_id: "x" }),
    ).toBe("Error: order not found");
    // The retail domain's database holds the retail tables.
    const database = domain.createDatabase() as EpisodeDatabase<RetailTables>;
    const pending = [...database.entries("orders")].find(([, order]) => order.status === "pending");
    expect(
      call("modify_pending_order_items", {
        order_id: pending?.[0] ?? "",
        item_ids: 5,
        new_item_ids: [],
        payment_method_id: "x",
      }),
    ).toBe("Error: 'int' object is not iterable");
  });

  it("exposes the 16 retail tools of tools.json", () => {
    expect(domain.tools.size).toBe(16);
    expect(domain.toolDefinitions).toHaveLength(16);
  });
});
