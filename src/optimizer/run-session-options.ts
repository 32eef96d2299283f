import type { LanguageModelV3 } from "@ai-sdk/provider";
import type { CallCache } from "../spec/call-cache.js";
import type { JudgeCheck, OptimizerEvent } from "../spec/events.js";
import type { Proposer } from "../spec/proposer.js";
import type { Runtime } from "../spec/runtime.js";
import type { RunStore, StoredEvent } from "../spec/store.js";
import type { Task } from "../spec/task.js";
import type { OptimizerSettings } from "./optimizer-settings.js";
import type { SpendMeter } from "./spend-tracker.js";

/** Everything one session of a run (a first start or a resume) works with. */
export interface RunSessionOptions {
  readonly runId: string;
  readonly settings: OptimizerSettings;
  readonly task: Task;
  readonly target: LanguageModelV3;
  readonly proposer: Proposer;
  readonly runtime: Runtime;
  readonly store: RunStore;
  readonly meters: readonly SpendMeter[];
  readonly modelRoles?: Readonly<Record<string, string>> | undefined;
  readonly judgeCheck?: JudgeCheck | undefined;
  readonly proposalCache?: CallCache | undefined;
  /** The memo's keys include `runId` (see `OptimizeOptions.proposalMemoPerRun`). */
  readonly proposalMemoPerRun?: boolean | undefined;
  readonly stopFile?: string | undefined;
  readonly abortSignal?: AbortSignal | undefined;
  readonly onEvent?: ((event: OptimizerEvent) => void) | undefined;
  /** Events stored by earlier sessions; re-executed events must match them. */
  readonly storedEvents: readonly StoredEvent[];
}
