export { createFakeClock, createFakeRuntime, type FakeClock, type FakeRuntime } from "./fake-runtime.js";
export { createKeywordTask, type KeywordTask, type KeywordTaskOptions } from "./keyword-task.js";
export { describeMaskPredictorConformance } from "./mask-predictor-conformance.js";
export { createMemoryCallCache, type MemoryCallCache } from "./memory-call-cache.js";
export {
  messageTextOf,
  type NullWorldOptions,
  nullWorldResponder,
  writeVibesDataset,
} from "./null-world-target.js";
export {
  type OpenAITestServer,
  type OpenAITestServerOptions,
  startOpenAITestServer,
} from "./openai-test-server.js";
export type {
  TestServerFault,
  TestServerFaultPlan,
  TestServerFaultRates,
} from "./openai-test-server-faults.js";
export type {
  ScriptedReply,
  ScriptedToolCall,
  ScriptedUsage,
  TestServerRequest,
} from "./openai-test-server-replies.js";
export { createScriptedProposer, type ScriptedProposer } from "./scripted-proposer.js";
export {
  createStoredRunFixture,
  type StoredRunFixture,
  type StoredRunFixtureOptions,
} from "./stored-run-fixture.js";
export {
  createTableMaskPredictor,
  type TableLookup,
  type TableMaskPredictor,
  type TableMaskPredictorOptions,
} from "./table-mask-predictor.js";
