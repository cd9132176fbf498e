// Connected interactions one process took over from another: no router here knows them (only complete is left),
// their agents stay held, and their traces stay readable while their records are.
import type { TraceEntry } from '@routewright/strategy-runtime'
import type { AgentBook } from './agent-book.ts'
import type { InteractionBook, InteractionRecord } from './interaction-book.ts'

/** Connected interactions taken over from another process hold their agent under this pseudo version. */
const ADOPTED = '@adopted'

export interface AdoptedInteractions {
  has(id: string): boolean
  /** Opens a connected interaction taken over, with the trace it had (GET still shows it), its agent held. */
  adopt(record: InteractionRecord, trace: TraceEntry[] | undefined): void
  /** Completed: no longer adopted (its trace stays while its record is kept). */
  drop(id: string): void
  trace(id: string): TraceEntry[] | undefined
  /** The trace of a closed record no router knows any more (a takeover's run let go): readable while the record is. */
  keepTrace(id: string, trace: TraceEntry[]): void
  /** A new interaction with this id: the old one's trace goes. */
  forgetTrace(id: string): void
  /** Whether an adopted interaction is on `version` (which then is not retired). */
  onVersion(version: string): boolean
  clear(): void
}

/** `keptClosed`: how many closed records the book keeps (traces are bounded like them). */
export function createAdoptedInteractions(
  book: InteractionBook,
  agents: AgentBook,
  keptClosed: number,
): AdoptedInteractions {
  const adopted = new Set<string>()
  /** Their traces, kept while their records are (after complete too, for reading). */
  const adoptedTraces = new Map<string, TraceEntry[]>()

  function keepTrace(id: string, trace: TraceEntry[]): void {
    adoptedTraces.set(id, trace)
    // bounded like the records: drop the traces of records the book no longer keeps
    if (adoptedTraces.size > keptClosed + adopted.size)
      for (const kept of adoptedTraces.keys()) if (!book.get(kept)) adoptedTraces.delete(kept)
  }

  return {
    has: (id) => adopted.has(id),
    adopt(record, trace) {
      book.open({ ...record, state: 'connected' })
      adopted.add(record.id)
      if (trace) keepTrace(record.id, trace)
      agents.hold(record.id, record.agent!, ADOPTED)
    },
    keepTrace,
    drop(id) {
      adopted.delete(id)
    },
    trace: (id) => adoptedTraces.get(id),
    forgetTrace(id) {
      adoptedTraces.delete(id)
    },
    onVersion: (version) => [...adopted].some((a) => book.get(a)?.version === version),
    clear() {
      adopted.clear()
      adoptedTraces.clear()
    },
  }
}
