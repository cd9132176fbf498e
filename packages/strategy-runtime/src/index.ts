// The public API of @routewright/strategy-runtime. Anything not exported here is internal.

export type { Clock, Random, TimerHandle } from './clock.ts'
export { createSeededRandom } from './clock-random.ts'
export { createRealClock } from './clock-real.ts'
export { createSimulatedClock, type SimulatedClock } from './clock-simulated.ts'
export { DEFAULT_LIMITS } from './engine.ts'
export type { ScenarioFailure } from './expect.ts'
export { createRouter } from './router.ts'
export {
  DEFAULT_SCENARIO_START,
  routeOnce,
  runScenario,
  runTestDocument,
  type ScenarioContext,
  type ScenarioReport,
  type ScenarioResult,
  type TestReport,
} from './scenario.ts'
export {
  type ErlangAInput,
  type ErlangAResult,
  type ErlangCResult,
  type ErlangInput,
  erlangA,
  erlangB,
  erlangC,
} from './simulation/erlang.ts'
export {
  type ArrivalProfile,
  type SimulationInterval,
  type SimulationOptions,
  type SimulationResult,
  simulate,
} from './simulation/simulate.ts'
export { StatReadError, subjectKey, toStatSubject } from './stats/memory-names.ts'
export {
  type AgentSetup,
  createMemoryStatProvider,
  type MemoryStatProvider,
  type MemoryStatProviderOptions,
} from './stats/memory-provider.ts'
export type {
  AgentStatus,
  MaybePromise,
  StatChange,
  StatEvent,
  StatFeed,
  StatProvider,
  StatReading,
  StatRequest,
  StatSubject,
} from './stats/provider.ts'
export type {
  AgentEventInput,
  ExclusionReason,
  ExplainedCandidate,
  Explanation,
  HostFunction,
  HostFunctionContext,
  InteractionInput,
  Outcome,
  Router,
  RouterEvent,
  RouterEventType,
  RouterLimits,
  RouterOptions,
  RouterSnapshot,
  TraceEntry,
  TreatmentResult,
} from './types.ts'
