// The public API of @routewright/strategy-runtime. Anything not exported here is internal.

export {
  type AgentSetup,
  createMemoryStatProvider,
  type MemoryStatProvider,
  type MemoryStatProviderOptions,
} from './stats/memory-provider.ts'
export { StatReadError, subjectKey, toStatSubject } from './stats/memory-names.ts'
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
