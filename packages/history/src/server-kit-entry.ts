// The `@routewright/history/server-kit` entry: the functions serve takes as its HistoryKit (records, the writer
// thread, the monitor's figures), without the store drivers (pg, better-sqlite3), reports and operations the
// package's barrel loads; the store itself opens in the writer thread.
export { addInteraction, addOverflowOut, emptySums, figuresOf } from './figures.ts'
export { createHistoryRecorder } from './recorder.ts'
export { liveInteraction } from './recorder-sink.ts'
export { createRecordsBuilder } from './records-builder.ts'
export { reportKeys } from './report-keys.ts'
