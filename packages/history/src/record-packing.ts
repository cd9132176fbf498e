// The routing thread's share of recording in a writer thread: each router event or host call is packed straight
// into the batch's numbers (the layout of record-codec.ts), with no tuple, summary, path or explanation copy in
// between, so recording adds little work and little garbage to the thread that routes.
import type { DirectoryDocument, StrategyDocument } from '@routewright/strategy-dsl'
import {
  type AgentEventInput,
  createRunEventWriter,
  createSelectionWriter,
  type Explanation,
  type RunRecordWriter,
  type TraceAccess,
  type TraceVisitor,
} from '@routewright/strategy-runtime'
import { directoryGroups } from './directory-groups.ts'
import { createPathWriter } from './path-packing.ts'
import { type EventPacker, KIND_CODES } from './record-codec.ts'
import {
  type AgentStateBy,
  agentStateAt,
  type RecordInput,
  rejectionBy,
  resumedEvents,
  routerNotReady,
} from './record-events.ts'
import { strategyVersions } from './strategy-version.ts'

/**
 * A RecordInput that packs into `packer` what createRecordEncoder would hand a records builder (the writer thread
 * unpacks exactly those RecordEvents), every event as it comes; `packed` is told after each event. A finished
 * interaction's path is read from its trace (field by field when the host's trace access has `visit`).
 */
export function createPackingInput(
  packer: EventPacker,
  packed: () => void,
  groupsOf: (agent: string) => readonly string[] = () => [],
): RecordInput {
  const p = packer
  // the router's own summary writer: one copy of a selection's packing
  const summary = createSelectionWriter(p)
  const writeEvent = createRunEventWriter(p)
  // the trace's path (node entries with the output each was left by), its first entry, and, when asked, the
  // last selection: what finishedTrace keeps, without building it. One entry at a time (a host's TraceAccess.visit
  // hands the fields with no entry objects built), the trace's state in the path writer and these variables
  const path = createPathWriter(p, summary)
  let steps = 0
  let wantSelection = false
  let selection: Explanation | undefined
  const step: TraceVisitor = (at, strategy, node, kind, name, value) => {
    path.seen(at, strategy)
    if (kind === 'enter') {
      path.enter(at, strategy, node)
      steps++
    } else if (kind === 'exit') {
      path.exit(strategy, node, name)
    } else if (wantSelection && kind === 'selection' && value && typeof value === 'object') {
      selection = value as Explanation
    }
  }
  const trace = (traceOf: TraceAccess, interaction: string, withSelection: boolean) => {
    const count = p.position
    p.num(0)
    steps = 0
    path.begin()
    wantSelection = withSelection
    selection = undefined
    if (!traceOf.visit?.(interaction, step)) {
      for (const e of traceOf(interaction) ?? []) step(e.at, e.strategy, e.node, e.kind, e.name, e.value)
    }
    p.set(count, steps)
    path.end(selection)
    // the explanation stays with the router, not here until the next finished interaction
    selection = undefined
  }
  const agentEvent = (event: AgentEventInput, at: number, by: AgentStateBy = 'host', supervisor?: string) => {
    const groups = groupsOf(event.agent)
    p.begin(KIND_CODES.agent)
    p.shared(event.agent)
    p.shared(event.media ?? '')
    p.shared(event.state)
    p.num(agentStateAt(event, at))
    p.num(groups.length)
    for (const group of groups) p.shared(group)
    p.shared(event.reason ?? null)
    p.shared(by)
    p.shared(supervisor ?? null)
    p.end()
    packed()
  }
  return {
    onEvent(event, traceOf) {
      switch (event.type) {
        case 'treatment':
        case 'failed':
        case 'error':
          return
        // in line: written as run-record.ts writes it (a queued entry); otherwise nothing a record keeps
        case 'priority-changed':
          if (writeEvent(event, '', undefined)) packed()
          return
        case 'reservation-rejected':
          writeEvent(event, '', undefined)
          packed()
          // the router made the agent not ready (a RONA): a state row, as the encoder writes it
          if (event.notReady !== undefined)
            agentEvent(routerNotReady(event.agent, event.notReady, event.at), event.at, rejectionBy(event))
          return
        case 'queued':
        case 'routed':
        case 'timeout':
        case 'data-attached':
          // as the router writes them in its run records (one layout, one writer)
          writeEvent(event, '', undefined)
          return packed()
        case 'finished':
          p.begin(KIND_CODES.finished)
          p.id(event.interaction)
          p.num(event.at)
          p.shared(event.outcome)
          p.shared(event.destination ?? null)
          trace(traceOf, event.interaction, event.outcome !== 'routed')
          p.num(event.answeredAt ?? null)
          p.shared(event.abandonReason ?? null)
          p.shared(event.note ?? null)
          break
        default:
          return assertNever(event)
      }
      p.end()
      packed()
    },
    submitted(input, at) {
      p.begin(KIND_CODES.submitted)
      p.id(input.id)
      p.num(at)
      p.shared(input.strategy)
      p.shared(input.media ?? null)
      p.num(input.priority ?? null)
      p.end()
      packed()
    },
    agentEvent,
    completed(interaction, at, disposition) {
      p.begin(KIND_CODES.completed)
      p.id(interaction)
      p.num(at)
      // a handful of wrap-up codes: shared strings, as a transfer's destination
      p.shared(disposition ?? null)
      p.end()
      packed()
    },
    transferred(interaction, at, to, disposition) {
      p.begin(KIND_CODES.transferred)
      p.id(interaction)
      p.num(at)
      p.shared(to ?? null)
      p.shared(disposition ?? null)
      p.end()
      packed()
    },
    strategiesChanged(strategies: readonly StrategyDocument[] | ReadonlyMap<string, StrategyDocument>) {
      p.pack(['versions', [...strategyVersions(strategies)]])
      packed()
    },
    directoryChanged(directory: DirectoryDocument) {
      p.pack(['directory', directoryGroups(directory)])
      packed()
    },
    resumed(interaction) {
      // seldom (a takeover), so packed as tuples: one copy of what a resumed interaction's past is
      for (const event of resumedEvents(interaction)) {
        p.pack(event)
        packed()
      }
    },
  }
}

/**
 * The run record writer a router writes into (RouterOptions.record): `packer` itself, `packed` told after each
 * entry (an entry may fill the batch).
 */
export function packingRecordWriter(packer: EventPacker, packed: () => void): RunRecordWriter {
  return new PackingRecordWriter(packer, packed)
}

/** A class, as the packer is: every recorder's writer has the same methods, which the router's calls inline. */
class PackingRecordWriter implements RunRecordWriter {
  constructor(
    private readonly packer: EventPacker,
    private readonly packed: () => void,
  ) {}

  begin(code: number): void {
    this.packer.begin(code)
  }

  id(text: string): void {
    this.packer.id(text)
  }

  shared(text: string | null): void {
    this.packer.shared(text)
  }

  num(value: number | null): void {
    this.packer.num(value)
  }

  data(value: Record<string, unknown>): void {
    this.packer.data(value)
  }

  end(): void {
    this.packer.end()
    this.packed()
  }
}

function assertNever(value: never): never {
  throw new Error(`Unhandled router event ${JSON.stringify(value)}`)
}
