// pure: the compact record of each run a host asks for (RouterOptions.record): as it routes, the router writes what
// an interaction's history record needs (nodes entered and left, queue waits, reservations, attached data, its
// finish and selections in summary) as numbers and strings through a host's RunRecordWriter (a reusable numeric
// buffer), in place of trace objects a recorder would read back and pack again. A run's trace stays for hosts that
// read traces; a host that reads only these records can route keeping none (traceEntries 0).
import type { Explanation, RouterEvent, RunRecordWriter } from '../api/types.ts'
import { isFigured } from '../selection/reasons.ts'
import { message } from '../stats/stat-reader.ts'
import type { CompiledNode } from './compile.ts'
import type { InteractionRun } from './run.ts'

/**
 * The entries' codes (64 and up, clear of a host's own codes in the same buffer) and fields: `i` interaction id,
 * `n` number, `s`/`S` shared string (S nullable), `A` a count then that many shared strings, `D` data, `Y` a
 * selection's summary (`s s R S n n` node, rule, reason, winner, candidates weighed, then that many excluded
 * `s n` reason and count). Its reason `R` is `0 i`, the text, or `1 n S` then `n n` if that S is not null: the
 * figures of a reason left to the record (REASON_IN_RECORD): the winner's idle seconds, the agent that freed up, the
 * interaction's priority and wait (ms); the reader writes the text with idleLongestReason and firstInLineReason.
 * - enter `i n s s`: at, strategy, node (the trace's `enter`)
 * - exit `i s s s`: strategy, node, output (the trace's `exit`: a record keeps the first of the step just entered)
 * - queued `i n s n A`: at, node, priority, targets
 * - routed `i n s s s n Y`: at, node, target, agent, priority, the selection that chose the agent
 * - rejected `i n s i n`: at, agent, reason, withdrawn (1: the host withdrew the offer, 0: declined or not answered,
 *   in the router's time or as the host says)
 * - timeout `i n`, data `i n D`
 * - finished `i n s S s` then `1 Y`, `2 n` or `0`: at, outcome, destination, the strategy it ended in, and, unless
 *   routed, the last selection that listed a winner or candidates (the one a trace would hold last); routed and
 *   confirmed late, `2` and when the agent answered (the event's `answeredAt`); abandoned with a host's reason,
 *   `4` added to that number and `S S` (reason, note) after what it says follows
 */
export const RUN_RECORD = Object.freeze({
  enter: 64,
  exit: 65,
  queued: 66,
  routed: 67,
  rejected: 68,
  timeout: 69,
  data: 70,
  finished: 71,
})

/** What follows a finished entry's strategy: nothing, the last listed selection, or the late answer's time. */
export const FINISHED_PLAIN = 0
export const FINISHED_SELECTION = 1
export const FINISHED_ANSWERED = 2
/** Added to the above: the host's abandon reason and note follow (an abandon with no reason adds nothing). */
export const FINISHED_ABANDON_REASON = 4

/** How a selection's reason is written in a run record (`R`): its text, or the figures it is written from. */
export const REASON_TEXT = 0
export const REASON_FIGURES = 1

/**
 * Writes a selection's explanation as records keep it (`Y`): node, rule, reason, winner, candidates weighed, and the
 * excluded candidates counted by reason in first-seen order. One copy of the summary's packing, for the router and
 * for a recorder packing explanations itself.
 */
export function createSelectionWriter(w: RunRecordWriter): (e: Explanation) => void {
  const writer = new SelectionWriter(w)
  return (e) => writer.write(e)
}

// The writers are classes: the router calls them for every entry, and methods on one prototype are the same functions
// for every router (closures made per router were new call targets for each one, so their calls were not inlined).
class SelectionWriter {
  // reasons of the excluded candidates and their counts (reused: no object per selection)
  private readonly reasons: string[] = []
  private readonly counts: number[] = []

  constructor(private readonly w: RunRecordWriter) {}

  write(e: Explanation): void {
    const { w, reasons, counts } = this
    let distinct = 0
    for (const candidate of e.candidates) {
      const reason = candidate.excluded
      if (!reason) continue
      let i = 0
      while (i < distinct && reasons[i] !== reason) i++
      if (i === distinct) {
        reasons[distinct] = reason
        counts[distinct++] = 1
      } else counts[i] = (counts[i] as number) + 1
    }
    w.shared(e.node)
    w.shared(e.rule)
    if (isFigured(e)) {
      w.num(REASON_FIGURES)
      w.num(e.idle)
      w.shared(e.trigger ?? null)
      if (e.trigger !== undefined) {
        w.num(e.priority)
        w.num(e.waitedMs)
      }
    } else {
      w.num(REASON_TEXT)
      w.id(e.reason)
    }
    w.shared(e.winner ?? null)
    w.num(e.weighed ?? e.candidates.length)
    w.num(distinct)
    for (let i = 0; i < distinct; i++) {
      w.shared(reasons[i] as string)
      w.num(counts[i] as number)
    }
  }
}

/** A selection a trace would keep as its `selection` entry's value: one with a winner or candidates listed. */
export function isListed(e: Explanation): boolean {
  return e.winner !== undefined || e.candidates.length > 0
}

/**
 * Writes a router event as its run record entry (queued, routed, rejected, timeout, data, finished; false for the
 * kinds a record does not keep): `strategy` and `listed` are what a finish adds, the strategy the run ended in and
 * its last listed selection. The router's recorder and a recorder packing events as they come share it.
 */
export function createRunEventWriter(
  w: RunRecordWriter,
): (event: RouterEvent, strategy: string, listed: Explanation | undefined) => boolean {
  const writer = new RunEventWriter(w)
  return (event, strategy, listed) => writer.write(event, strategy, listed)
}

class RunEventWriter {
  private readonly selection: SelectionWriter

  constructor(private readonly w: RunRecordWriter) {
    this.selection = new SelectionWriter(w)
  }

  // every kept entry opens the same way: its kind, the interaction and the time
  private head(kind: number, event: { interaction: string; at: number }): void {
    const w = this.w
    w.begin(kind)
    w.id(event.interaction)
    w.num(event.at)
  }

  write(event: RouterEvent, strategy: string, listed: Explanation | undefined): boolean {
    const w = this.w
    switch (event.type) {
      case 'queued':
        this.head(RUN_RECORD.queued, event)
        w.shared(event.node)
        w.num(event.priority)
        w.num(event.targets.length)
        for (const target of event.targets) w.shared(target)
        break
      case 'priority-changed':
        // in line: the same wait at a new priority, written as a queued entry with no new target (as an escalation)
        if (event.inLine !== true || event.node === undefined) return false
        this.head(RUN_RECORD.queued, event)
        w.shared(event.node)
        w.num(event.to)
        w.num(0)
        break
      case 'routed':
        this.head(RUN_RECORD.routed, event)
        w.shared(event.node)
        w.shared(event.target)
        w.shared(event.agent)
        w.num(event.priority)
        this.selection.write(event.explanation)
        break
      case 'reservation-rejected':
        this.head(RUN_RECORD.rejected, event)
        w.shared(event.agent)
        w.id(event.reason)
        w.num(event.withdrawn ? 1 : 0)
        break
      case 'timeout':
        this.head(RUN_RECORD.timeout, event)
        break
      case 'data-attached':
        this.head(RUN_RECORD.data, event)
        w.data(event.data)
        break
      case 'finished': {
        this.head(RUN_RECORD.finished, event)
        w.shared(event.outcome)
        w.shared(event.destination ?? null)
        w.shared(strategy)
        // a routed interaction's selection is its reservation's (in `routed`)
        const last = event.outcome === 'routed' ? undefined : listed
        const why = event.abandonReason === undefined ? 0 : FINISHED_ABANDON_REASON
        if (last !== undefined) {
          w.num(FINISHED_SELECTION + why)
          this.selection.write(last)
        } else if (event.answeredAt !== undefined) {
          w.num(FINISHED_ANSWERED + why)
          w.num(event.answeredAt)
        } else w.num(FINISHED_PLAIN + why)
        if (why !== 0) {
          w.shared(event.abandonReason ?? null)
          w.shared(event.note ?? null)
        }
        break
      }
      default:
        // treatments, failures and errors: nothing a record keeps
        return false
    }
    w.end()
    return true
  }
}

/** The router's side: what it writes at each point of a run (the engine holds one for its writer). */
export interface RunRecorder {
  entered(run: InteractionRun, node: CompiledNode, at: number): void
  left(run: InteractionRun, strategy: string, node: string, output: string): void
  /** A router event of the run (those a record keeps; the rest are passed over). */
  event(run: InteractionRun, event: RouterEvent): void
}

/**
 * The recorder over a host's writer. A writer that throws holds half an entry: it is reported once (`onFault`) and
 * written to no more, and routing, the event's listener included, goes on as without a writer.
 */
export function createRunRecorder(w: RunRecordWriter, onFault: (problem: string) => void): RunRecorder {
  return new HostRunRecorder(w, onFault)
}

class HostRunRecorder implements RunRecorder {
  private readonly events: RunEventWriter
  private failed = false

  constructor(
    private readonly w: RunRecordWriter,
    private readonly onFault: (problem: string) => void,
  ) {
    this.events = new RunEventWriter(w)
  }

  private fail(error: unknown): void {
    this.failed = true
    this.onFault(`The run record writer failed and is given no more records: ${message(error)}`)
  }

  entered(run: InteractionRun, node: CompiledNode, at: number): void {
    if (this.failed) return
    const w = this.w
    try {
      w.begin(RUN_RECORD.enter)
      w.id(run.id)
      w.num(at)
      w.shared(node.strategy)
      w.shared(node.id)
      w.end()
    } catch (error) {
      this.fail(error)
    }
  }

  left(run: InteractionRun, strategy: string, node: string, output: string): void {
    if (this.failed) return
    const w = this.w
    try {
      w.begin(RUN_RECORD.exit)
      w.id(run.id)
      w.shared(strategy)
      w.shared(node)
      w.shared(output)
      w.end()
    } catch (error) {
      this.fail(error)
    }
  }

  event(run: InteractionRun, event: RouterEvent): void {
    if (this.failed) return
    try {
      this.events.write(event, run.strategy, run.listedExplanation)
    } catch (error) {
      this.fail(error)
    }
  }
}
