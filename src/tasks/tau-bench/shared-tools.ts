import { calculateExpression } from "./calculate-expression.js";
import { argument, type TauTool } from "./tau-tool.js";

/** `calculate`, identical in both domains. */
export const calculate: TauTool<object> = {
  name: "calculate",
  invoke: ({ args }) => calculateExpression(argument(args, "expression")),
};

/** `think`: records nothing, returns the empty string. */
export const think: TauTool<object> = { name: "think", invoke: () => "" };

/** `transfer_to_human_agents`: ends the episode (the runner stops on it). */
export const transferToHumanAgents: TauTool<object> = {
  name: "transfer_to_human_agents",
  invoke: () => "Transfer successful",
};

/** Tools whose call ends the episode. */
export const terminatingToolNames: ReadonlySet<string> = new Set(["transfer_to_human_agents"]);
