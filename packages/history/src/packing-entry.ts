// The routing thread's packing of run records (`@routewright/history/packing`), for the store-throughput bench's
// "packing alone" row: built beside the package (dist/packing.js, sharing its chunk), so the bench packs with the very
// functions the recorder packs with, run natively, not a second copy rewritten by vitest beside them.
export { createEventPacker, type EventPacker } from './record-codec.ts'
export { createPackingInput, packingRecordWriter } from './record-packing.ts'
