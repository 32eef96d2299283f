export { createFakeClock, createFakeRuntime, type FakeClock, type FakeRuntime } from "./fake-runtime.js";
