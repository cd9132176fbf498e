// The server's events (and the host calls no event shows) turned into history records, in order, off the decision
// path: listeners only queue; one task at a time feeds the records builder, reading a trace when an interaction ends.
import type { HistoryItem, RecordInput, RecordsBuilder } from '@routewright/history'
import type { InteractionInput, TraceEntry } from '@routewright/strategy-runtime'
import type {
  CompleteHow,
  DeployableWorkspace,
  ResumedHere,
  RoutingCoordinator,
} from '../core/coordinator.ts'
import type { AgentStateCall, ServerEvent } from '../core/types.ts'
import type { HistoryKit } from './history-kit.ts'
import { resumedInteraction } from './resumed-record.ts'

export interface EventFeedOptions {
  kit: Pick<HistoryKit, 'createRecordsBuilder'>
  coordinator: Pick<RoutingCoordinator, 'interaction' | 'trace'>
  now: () => number
  /** Every record built in this thread (the monitor's window). Must not throw. */
  emit: (item: HistoryItem) => void
  /**
   * The history recorder, when recording into a store: it builds the records in its writer thread (and echoes the
   * live figures to the window itself); `recording()` false sends the events to this thread's builder instead.
   * Asked as each event or call comes, in their order: the one where it turns true goes to the recorder with all after it.
   */
  recorder?: RecordInput
  recording?: () => boolean
  /** The trace of each finished interaction (node entries, statistics read). */
  onTrace?: (trace: readonly TraceEntry[], event: ServerEvent & { type: 'finished' }) => void
  /**
   * The trace so far of an interaction that did something (queued, routed, a treatment ...) since the last
   * `readProgress()`, read then (not on each event: a trace read builds every entry), and once more when it ended
   * (`ended`, read at once): the live node entries, counted as interactions pass the nodes.
   */
  onProgress?: (interaction: string, trace: readonly TraceEntry[], ended: boolean) => void
  /** This router's name in a shared store. */
  router?: string
  onError: (error: unknown) => void
}

export interface EventFeed {
  /** Subscribe this to the coordinator. */
  onEvent(event: ServerEvent): void
  /**
   * Call before the coordinator's submit, then `submitDone` after it, so the record has media and priority. With
   * the submit's view, its trace counts the live entries of the events the submit made (no second read).
   */
  submitting(input: InteractionInput): void
  submitDone(id: string, view?: { trace?: readonly TraceEntry[]; updatedAt: number }): void
  agentEvent(event: AgentStateCall): void
  /**
   * The host's complete; `how.transferred`: the handling ended by a transfer (the reports' `transfers`), to `how.to`;
   * `how.disposition`: the agent's wrap-up code, kept on the handling.
   */
  completed(interaction: string, how?: CompleteHow): void
  /** A workspace was deployed: strategy versions and agents' groups for the records that follow. */
  deployed(workspace: DeployableWorkspace): void
  /**
   * A takeover resumes these interactions here (before any event of theirs from this process): the records they
   * finish here, and the handlings of those answered before, read as the last routing process would have written them.
   */
  resumed(interactions: readonly ResumedHere[]): void
  /** Resolves once everything queued so far reached the builder. */
  idle(): Promise<void>
  /** Reads the traces of the open interactions that did something since the last call (`onProgress`), in turn. */
  readProgress(): Promise<void>
  /** Events waiting for their turn (a finished interaction's trace is read first). */
  backlog(): number
}

/** The trace of an event that is not a `finished` one: the records builder does not ask for it. */
const noTrace = () => undefined

export function createEventFeed(options: EventFeedOptions): EventFeed {
  let builder: RecordsBuilder | undefined
  let workspace: DeployableWorkspace | undefined
  const pending = new Map<string, { input: InteractionInput; at: number }>()
  /** Open interactions with events whose trace has not been read for `onProgress` yet: the time of the last. */
  const unread = new Map<string, number>()
  const tasks: Array<() => void | Promise<void>> = []
  let running: Promise<void> | undefined

  const current = (): RecordInput => {
    if (options.recorder && (options.recording?.() ?? true)) return options.recorder
    // one builder for the server's life: interactions open across a reload finish in it
    builder ??= options.kit.createRecordsBuilder({
      emit: options.emit,
      router: options.router ?? 'serve',
      ...(workspace ? { strategies: workspace.strategies, directory: workspace.directory } : {}),
      groupsOf: (agent) => workspace?.directory.agents?.[agent]?.groups ?? [],
    })
    return builder
  }
  const run = (): Promise<void> => {
    // nothing to do: an async body would end before `running` is set and leave it set for good
    if (running === undefined && tasks.length === 0) return Promise.resolve()
    running ??= (async () => {
      // the router's call returns first: building records is never part of a routing decision
      await undefined
      while (tasks.length > 0) {
        const task = tasks.shift()!
        try {
          // most tasks are synchronous: awaited only when they return a promise, not a microtask turn each
          const done = task()
          if (done) await done
        } catch (error) {
          options.onError(error)
        }
      }
      running = undefined
    })()
    return running
  }
  /** An interaction's trace, undefined when the coordinator does not know it (without building its whole view). */
  const traceOf = async (id: string): Promise<readonly TraceEntry[] | undefined> => {
    const { coordinator } = options
    if (coordinator.trace) return coordinator.trace(id)
    return (await coordinator.interaction(id))?.trace
  }
  const push = (task: () => void | Promise<void>) => {
    tasks.push(task)
    void run()
  }

  return {
    onEvent(event) {
      const id = event.interaction
      const input = pending.get(id)
      // the records go where they go as the event comes (in order), not when the queue reaches it: a takeover
      // switches in between
      const to = current()
      if (input && event.type !== 'error') {
        pending.delete(id)
        push(() => to.submitted(input.input, input.at))
      }
      if (event.type !== 'finished') {
        push(() => to.onEvent(event, noTrace))
        const progress = options.onProgress
        // an error may name no interaction; a failed one has ended: read now, the others when asked
        if (progress && event.type === 'failed') {
          unread.delete(id)
          push(async () => {
            const trace = await traceOf(id)
            if (trace) progress(id, trace, true)
          })
        } else if (progress && event.type !== 'error') unread.set(id, event.at)
        return
      }
      unread.delete(id)
      push(async () => {
        const trace = (await traceOf(id)) ?? []
        to.onEvent(event, () => trace)
        options.onTrace?.(trace, event)
        options.onProgress?.(id, trace, true)
      })
    },
    submitting(input) {
      pending.set(input.id, { input, at: options.now() })
    },
    submitDone(id, view) {
      pending.delete(id)
      const last = unread.get(id)
      const progress = options.onProgress
      // the view is as new as the interaction's last event (none since): its trace is what a read would give
      if (!progress || !view?.trace || last === undefined || last > view.updatedAt) return
      const trace = view.trace
      unread.delete(id)
      push(() => progress(id, trace, false))
    },
    agentEvent(event) {
      const at = options.now()
      // a host's or supervisor's call (PUT /v1/agents/{id}/state, a batch): the router's own not ready comes as its event
      const { by = 'host', supervisor, ...input } = event
      const to = current()
      push(() => to.agentEvent(input, at, by, supervisor))
    },
    completed(interaction, how) {
      const at = options.now()
      const disposition = how?.disposition
      const to = current()
      if (how?.transferred === true) push(() => to.transferred(interaction, at, how.to, disposition))
      else push(() => to.completed(interaction, at, disposition))
    },
    resumed(interactions) {
      const to = current()
      push(() => {
        for (const interaction of interactions) to.resumed(resumedInteraction(interaction))
      })
    },
    deployed(next) {
      workspace = next
      // one builder keeps the open interactions; records finishing from now on carry the new strategy versions
      push(() => {
        options.recorder?.strategiesChanged(next.strategies)
        builder?.strategiesChanged(next.strategies)
        // a wait in a queue: target counts in its groups, a handling in its agent's groups (history figures.md)
        options.recorder?.directoryChanged(next.directory)
        builder?.directoryChanged(next.directory)
      })
    },
    idle: () => run(),
    readProgress() {
      const progress = options.onProgress
      if (!progress || unread.size === 0) return run()
      push(async () => {
        // the ids as of this turn: one that ended meanwhile left the set, its own read counts it
        for (const [id] of unread) {
          unread.delete(id)
          const trace = await traceOf(id)
          if (trace) progress(id, trace, false)
        }
      })
      return run()
    },
    backlog: () => tasks.length,
  }
}
