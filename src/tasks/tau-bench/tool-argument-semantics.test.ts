import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import type { AirlineTables } from "./airline/airline-records.js";
import { diffEpisodeDatabases, type EpisodeDatabase } from "./episode-database.js";
import { invokeTool } from "./invoke-tool.js";
import { loadTauDomain, type TauDomain } from "./load-tau-domain.js";
import { readToolArguments } from "./read-tool-arguments.js";
import { TauEpisodeCrash } from "./tau-episode-crash.js";

const dataDir = process.env.DLMPO_DATA_DIR ?? fileURLToPath(new URL("../../../../shared/data", import.meta.url));
const hasData = existsSync(`${dataDir}/tau-bench/retail/tools.json`);

// Expected texts are the original's outputs on the same calls (recorded in fixtures/perturbations.jsonl).
describe.skipIf(!hasData)("tool arguments with Python's semantics", () => {
  let retail: TauDomain;
  let airline: TauDomain;
  beforeAll(async () => {
    retail = await loadTauDomain({ dataDir, domain: "retail" });
    airline = await loadTauDomain({ dataDir, domain: "airline" });
  });
  const call = (domain: TauDomain, name: string, json: string, database = domain.createDatabase()) => {
    const args = readToolArguments(json);
    if (!args.ok) throw new Error(args.error);
    return { output: invokeTool({ database, tools: domain.tools, name, args: args.value }), database };
  };
  const changed = (domain: TauDomain, database: ReturnType<TauDomain["createDatabase"]>) =>
    diffEpisodeDatabases({ expected: domain.createDatabase(), actual: database }).map((d) => `${d.table}/${d.key}`);

  it("never matches a number against a string id, and raises Python's errors for lists and dicts", () => {
    expect(call(retail, "get_order_details", '{"order_id": 2378156}').output).toBe("Error: order not found");
    expect(call(retail, "get_order_details", '{"order_id": ["#W2378156"]}').output).toBe(
      "Error: unhashable type: 'list'",
    );
    expect(call(retail, "find_user_id_by_email", '{"email": 7}').output).toBe(
      "Error: 'int' object has no attribute 'lower'",
    );
  });

  it("stores address values as sent (None stays null, a number stays a number)", () => {
    const { output } = call(
      retail,
      "modify_user_address",
      '{"user_id": "yusuf_rossi_9620", "address1": 1, "address2": null, "city": true, "state": "TX", "country": "USA", "zip": 78712.0}',
    );
    expect(output).toContain(
      '"address": {"address1": 1, "address2": null, "city": true, "state": "TX", "country": "USA", "zip": 78712.0}',
    );
  });

  it("tells 2 from 2.0 in the output and in the database comparison, as the original's data hash does", () => {
    const int = call(
      airline,
      "update_reservation_baggages",
      '{"reservation_id": "VA5SGQ", "total_baggages": 2, "nonfree_baggages": 1, "payment_id": "credit_card_8003957"}',
    );
    const float = call(
      airline,
      "update_reservation_baggages",
      '{"reservation_id": "VA5SGQ", "total_baggages": 2.0, "nonfree_baggages": 1, "payment_id": "credit_card_8003957"}',
    );
    expect(float.output).toContain('"total_baggages": 2.0');
    expect(diffEpisodeDatabases({ expected: int.database, actual: float.database }).map((d) => d.key)).toEqual([
      "VA5SGQ",
    ]);
    const text = call(
      airline,
      "update_reservation_baggages",
      '{"reservation_id": "VA5SGQ", "total_baggages": "2", "nonfree_baggages": 1, "payment_id": "credit_card_8003957"}',
    );
    expect(text.output).toContain('"total_baggages": "2"');
  });

  it("book_reservation: missing keys are KeyErrors, and a certificate listed twice is deleted, then fails", () => {
    const booking = (payments: string) =>
      `{"user_id": "mia_li_3668", "origin": "JFK", "destination": "SEA", "flight_type": "one_way", "cabin": "economy", "flights": [{"flight_number": "HAT136", "date": "2024-05-20"}, {"flight_number": "HAT039", "date": "2024-05-20"}], "passengers": [{"first_name": "Mia", "last_name": "Li", "dob": "1990-04-05"}], "payment_methods": ${payments}, "total_baggages": 3, "nonfree_baggages": 0, "insurance": "no"}`;
    expect(call(airline, "book_reservation", booking('[{"payment_id": "certificate_7504069"}]')).output).toBe(
      "Error: 'amount'",
    );
    expect(call(airline, "book_reservation", booking('[{"amount": 5}]')).output).toBe("Error: 'payment_id'");
    expect(
      call(airline, "book_reservation", booking('[{"payment_id": "certificate_7504069", "amount": "250"}]')).output,
    ).toBe("Error: '<' not supported between instances of 'int' and 'str'");
    const twice = call(
      airline,
      "book_reservation",
      booking(
        '[{"payment_id": "certificate_7504069", "amount": 125}, {"payment_id": "certificate_7504069", "amount": 125}, {"payment_id": "credit_card_4421486", "amount": 5}]',
      ),
    );
    expect(twice.output).toBe("Error: 'certificate_7504069'");
    expect(changed(airline, twice.database)).toEqual(["users/mia_li_3668"]);
    // The airline database holds the airline tables.
    const users = twice.database as EpisodeDatabase<AirlineTables>;
    expect(Object.keys(users.get("users", "mia_li_3668")?.payment_methods ?? {})).not.toContain("certificate_7504069");
  });

  it("send_certificate prints Python's str of the amount, and a fourth certificate fails the episode", () => {
    const database = airline.createDatabase();
    expect(call(airline, "send_certificate", '{"user_id": "mia_li_3668", "amount": null}', database).output).toBe(
      "Certificate certificate_3221322 added to user mia_li_3668 with amount None.",
    );
    expect(call(airline, "send_certificate", '{"user_id": "mia_li_3668", "amount": true}', database).output).toContain(
      "with amount True.",
    );
    call(airline, "send_certificate", '{"user_id": "mia_li_3668", "amount": 250.0}', database);
    expect(() => call(airline, "send_certificate", '{"user_id": "mia_li_3668", "amount": 1}', database)).toThrow(
      TauEpisodeCrash,
    );
  });

  it("calculate: Python's errors, -0.0, exact big integers, and no non-string expression", () => {
    const calculate = (json: string) => call(retail, "calculate", json).output;
    expect(calculate('{"expression": "-0.0"}')).toBe("-0.0");
    expect(calculate('{"expression": "2**10000"}')).toBe("Error: int too large to convert to float");
    expect(calculate('{"expression": "(-8)**0.5"}')).toBe(
      "Error: float() argument must be a string or a real number, not 'complex'",
    );
    expect(calculate('{"expression": "2**53 + 1"}')).toBe("9007199254740992.0");
    expect(calculate('{"expression": "(1 2)"}')).toBe(
      "Error: invalid syntax. Perhaps you forgot a comma? (<string>, line 1)",
    );
    expect(calculate('{"expression": ""}')).toBe("Error: invalid syntax (<string>, line 0)");
    expect(calculate('{"expression": 12}')).toBe("Error: 'int' object is not iterable");
  });
});
