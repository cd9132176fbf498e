// The public API of @routewright/strategy-runtime. Anything not exported here is internal.

// the one control-character rule lives in the DSL (RW213 uses it too); re-exported for the runtime's users
export { controlAt, controlCharacterProblem, isControlCode } from '@routewright/strategy-dsl'
export {
  type LimitsProblem,
  limitsProblem,
  RouterConfigError,
  RouterLimitsError,
  refuseLimits,
} from './api/check-options.ts'
export { createRouter } from './api/router.ts'
export type {
  AbandonHow,
  AbandonReason,
  AgentEventInput,
  AgentStateRead,
  ConfirmAnswer,
  ConnectAnswer,
  ExclusionReason,
  ExplainedCandidate,
  Explanation,
  FrameSnapshot,
  HostFunction,
  HostFunctionContext,
  InteractionInput,
  InteractionSnapshot,
  Outcome,
  PriorityChange,
  RejectAnswer,
  RejectReason,
  ReservationAnswer,
  ReservationSnapshot,
  Router,
  RouterErrorCode,
  RouterEvent,
  RouterEventType,
  RouterLimits,
  RouterOptions,
  RouterSnapshot,
  RunRecordWriter,
  TraceEntry,
  TreatmentResult,
  WaitingRead,
  WaitSnapshot,
} from './api/types.ts'
export { DEFAULT_LIMITS, withDefaultLimits } from './engine/engine.ts'
export {
  type FieldLimits,
  type InputRefusal,
  refuseInteractionInput,
  refuseReservedDataKey,
  unknownStrategy,
  unknownStrategyProblem,
} from './engine/input-limits.ts'
export {
  createRunEventWriter,
  createSelectionWriter,
  FINISHED_ABANDON_REASON,
  FINISHED_ANSWERED,
  FINISHED_SELECTION,
  REASON_FIGURES,
  REASON_TEXT,
  RUN_RECORD,
} from './engine/run-record.ts'
export type { TraceAccess, TraceVisitor } from './engine/trace-log.ts'
export { DIRECT_RULE } from './nodes/admit-connected.ts'
export {
  NOT_READY_REASONS,
  type NotReadyReason,
  refuseStateReason,
  type StateReasonRefusal,
} from './selection/not-ready.ts'
export { firstInLineReason, idleLongestReason, REASON_IN_RECORD } from './selection/reasons.ts'
export { type AgentSpread, agentSpread, type SimulationAgent } from './simulation/agent-figures.ts'
export { meanProfileRate, readArrivalProfile } from './simulation/arrival-rate.ts'
export {
  type ErlangAInput,
  type ErlangAResult,
  type ErlangCResult,
  type ErlangInput,
  erlangA,
  erlangB,
  erlangC,
} from './simulation/erlang.ts'
export { erlangAOverProfile, erlangCOverProfile, type ProfileSpan } from './simulation/erlang-profile.ts'
export {
  type ArrivalProfile,
  DEFAULT_SIMULATION_START,
  SIMULATION_LIMITS,
  type SimulationInterval,
  type SimulationOptions,
  type SimulationResult,
  simulate,
  simulationSteps,
} from './simulation/simulate.ts'
export { checkTraffic, type TrafficFinding, type TrafficInput } from './simulation/traffic-check.ts'
export {
  agentCapacityOf,
  loggedInOnAnyMedia,
  type MediaSince,
  type MediaStates,
  readySince,
  stateChangedAt,
  stateOnMedia,
  statesToRank,
  summaryState,
} from './stats/agent-media-rule.ts'
export { StatReadError, subjectKey, toStatSubject } from './stats/memory-names.ts'
export {
  type AgentSetup,
  createMemoryStatProvider,
  type MemoryStatProvider,
  type MemoryStatProviderOptions,
} from './stats/memory-provider.ts'
export type { RetainedFigures } from './stats/memory-retained.ts'
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
export type { DecodedSubject, DecodedWindows } from './stats/window-restore.ts'
export {
  applySliceChange,
  createWindowSliceState,
  joinDelayShare,
  OLD_SLICE,
  RECENT_SLICE,
  type SliceChange,
  type SlicedSubject,
  sliceField,
  WINDOW_SLICE_MS,
  type WindowSliceState,
} from './stats/window-slices.ts'
export { mergeWindowSlices, type SliceMergeOptions } from './stats/window-slices-merge.ts'
export {
  createWindowReuse,
  type EncodedPairs,
  type EncodedSeries,
  type SubjectWindows,
  WINDOW_SNAPSHOT_FORMAT,
  type WindowExportOptions,
  type WindowReuse,
  type WindowSnapshot,
  WindowSnapshotError,
} from './stats/window-snapshot.ts'
export type { ScenarioFailure } from './testing/expect.ts'
export { type FailureLineStyle, failureLines } from './testing/failure-lines.ts'
export type { FunctionStub } from './testing/function-stubs.ts'
export { createProbe, type InteractionView, type RouterProbe } from './testing/probe.ts'
export { resultSummary } from './testing/result-summary.ts'
export {
  DEFAULT_SCENARIO_START,
  routeOnce,
  runScenario,
  runTestDocument,
  runTestDocumentUntil,
  type ScenarioContext,
  type ScenarioReport,
  type ScenarioResult,
  type TestReport,
  type TestRunControl,
} from './testing/scenario.ts'
export type { Clock, Random, TimerHandle } from './time/clock.ts'
export { createSeededRandom } from './time/clock-random.ts'
export { createRealClock } from './time/clock-real.ts'
export { createSimulatedClock, type SimulatedClock } from './time/clock-simulated.ts'
export { zoneOffsetAt } from './time/zoned-time.ts'
/** The runtime's one binary heap, for hosts' own ordered work (the server's sliding windows). */
export { BinaryHeap } from './util/binary-heap.ts'
