// The `@routewright/history/server-kit` entry: the functions serve takes as its HistoryKit (records, the writer
// thread, the monitor's figures), without the store drivers (pg, better-sqlite3), reports and operations the
// package's barrel loads; the writer thread opens the store, and the monitor's read-back at start opens it here
// (read-only), loading the store's code only then.
export { addInteraction, addOverflowOut, emptySums, figuresOf } from './figures.ts'
export { createHistoryRecorder } from './recorder.ts'
export { liveInteraction } from './recorder-sink.ts'
export { createRecordsBuilder } from './records-builder.ts'
export { reportKeys } from './report-keys.ts'
export { readSeedGroups, readSeedPage } from './window-seed.ts'
export {
  earliestLateArrival,
  readSeedSlots,
  SEED_SLOT_MS,
  slotsHoldAll,
  storeOfOneRouter,
} from './window-slots.ts'

/** The store's opener, its drivers loaded at the first call: a serve without `--store` never loads them. */
export const openStore: typeof import('./store.ts').openStore = async (...args) =>
  (await import('./store.ts')).openStore(...args)
