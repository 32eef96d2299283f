// Starts a bench's test server in a child process (so its CPU never counts against the client being measured) and
// talks to it by messages: `ask({ type })` sends one and resolves with the child's answer of the same type.
// `ask({ type: "ready" })` only waits for the child's first message, which carries its `baseURL`.
import { fork } from "node:child_process";

/** Forks `script` (a URL) with `args`; resolves once it is ready, with its base URL and `ask`. */
export async function forkBenchServer(script, args) {
  const child = fork(script, args);
  const ask = (message) =>
    new Promise((resolveAnswer) => {
      const onMessage = (answer) => {
        if (answer.type !== message.type) return;
        child.off("message", onMessage);
        resolveAnswer(answer);
      };
      child.on("message", onMessage);
      if (message.type !== "ready") child.send(message);
    });
  const { baseURL } = await ask({ type: "ready" });
  return { baseURL, ask };
}
