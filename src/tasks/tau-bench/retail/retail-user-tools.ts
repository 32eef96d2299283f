import { toPythonJson } from "../python-json.js";
import { pyLower } from "../python-ops.js";
import { pyEquals } from "../python-value.js";
import { argument, findKey, type TauTool } from "../tau-tool.js";
import { addressArgument } from "./address-argument.js";
import type { RetailTables } from "./retail-records.js";

type RetailTool = TauTool<RetailTables>;

/** `find_user_id_by_email`: first user whose email matches case-insensitively. */
export const findUserIdByEmail: RetailTool = {
  name: "find_user_id_by_email",
  invoke({ database, args }) {
    const email = argument(args, "email");
    for (const [userId, user] of database.entries("users"))
      if (user.email.toLowerCase() === pyLower(email)) return userId;
    return "Error: user not found";
  },
};

/** `find_user_id_by_name_zip`: names compared case-insensitively (each only once the one before matched), zip with `==`. */
export const findUserIdByNameZip: RetailTool = {
  name: "find_user_id_by_name_zip",
  invoke({ database, args }) {
    const firstName = argument(args, "first_name");
    const lastName = argument(args, "last_name");
    const zip = argument(args, "zip");
    for (const [userId, user] of database.entries("users")) {
      if (
        user.name.first_name.toLowerCase() === pyLower(firstName) &&
        user.name.last_name.toLowerCase() === pyLower(lastName) &&
        pyEquals(user.address.zip, zip)
      )
        return userId;
    }
    return "Error: user not found";
  },
};

/** `get_user_details`. */
export const getUserDetails: RetailTool = {
  name: "get_user_details",
  invoke({ database, args }) {
    const userId = findKey(database, "users", argument(args, "user_id"));
    const user = userId === undefined ? undefined : database.get("users", userId);
    return user === undefined ? "Error: user not found" : toPythonJson({ value: user, format: database.format });
  },
};

/** `modify_user_address`: replaces the default address (no status checks). */
export const modifyUserAddress: RetailTool = {
  name: "modify_user_address",
  invoke({ database, args }) {
    const userId = findKey(database, "users", argument(args, "user_id"));
    const user = userId === undefined ? undefined : database.edit("users", userId);
    if (user === undefined) return "Error: user not found";
    user.address = addressArgument(args);
    return toPythonJson({ value: user, format: database.format });
  },
};
