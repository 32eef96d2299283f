import { toPythonJson } from "../python-json.js";
import { stringArgument, type TauTool } from "../tau-tool.js";
import { addressArgument } from "./address-argument.js";
import type { RetailTables } from "./retail-records.js";

type RetailTool = TauTool<RetailTables>;

/** `find_user_id_by_email`: first user whose email matches case-insensitively. */
export const findUserIdByEmail: RetailTool = {
  name: "find_user_id_by_email",
  invoke({ database, args }) {
    const email = stringArgument(args, "email").toLowerCase();
    for (const [userId, user] of database.entries("users")) if (user.email.toLowerCase() === email) return userId;
    return "Error: user not found";
  },
};

/** `find_user_id_by_name_zip`: names compared case-insensitively, zip exactly. */
export const findUserIdByNameZip: RetailTool = {
  name: "find_user_id_by_name_zip",
  invoke({ database, args }) {
    const firstName = stringArgument(args, "first_name").toLowerCase();
    const lastName = stringArgument(args, "last_name").toLowerCase();
    const zip = stringArgument(args, "zip");
    for (const [userId, user] of database.entries("users")) {
      if (
        user.name.first_name.toLowerCase() === firstName &&
        user.name.last_name.toLowerCase() === lastName &&
        user.address.zip === zip
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
    const user = database.get("users", stringArgument(args, "user_id"));
    return user === undefined ? "Error: user not found" : toPythonJson({ value: user, format: database.format });
  },
};

/** `modify_user_address`: replaces the default address (no status checks). */
export const modifyUserAddress: RetailTool = {
  name: "modify_user_address",
  invoke({ database, args }) {
    const user = database.edit("users", stringArgument(args, "user_id"));
    if (user === undefined) return "Error: user not found";
    user.address = addressArgument(args);
    return toPythonJson({ value: user, format: database.format });
  },
};
