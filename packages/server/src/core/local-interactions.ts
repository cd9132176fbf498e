// One process's host commands on interactions: submit, the commands run on an interaction's version, what GET shows
// of one, and taking one over from another process (its waiting snapshot out, restore in).
import {
  type Clock,
  type InteractionInput,
  type InteractionSnapshot,
  type Router,
  type TraceEntry,
  unknownStrategyProblem,
} from '@routewright/strategy-runtime'
import type { AgentBook } from './agent-book.ts'
import { alreadyEnded, type InteractionBook, type InteractionRecord } from './interaction-book.ts'
import type { AdoptedInteractions } from './local-adopted.ts'
import { type RouterEvents, refusal } from './local-router-events.ts'
import type { DeployedVersions, Version } from './local-versions.ts'
import { quotedId } from './quoted-id.ts'
import { submittedOf } from './submit-request.ts'
import type { CommandResult, InteractionView } from './types.ts'

export type Command =
  | 'treatmentDone'
  | 'confirmReservation'
  | 'connectAgent'
  | 'rejectReservation'
  | 'setPriority'
  | 'abandon'
  | 'complete'

/** How an interaction taken over from another process continues here (redis-coordinator.ts). */
export type Restore =
  | { kind: 'snapshot'; snapshot: InteractionSnapshot }
  | { kind: 'input'; input: InteractionInput }
  /** With the path and trace it had (no router here knows it: GET still shows them). */
  | { kind: 'connected'; trace?: TraceEntry[] }

export interface LocalInteractions {
  /** A new id only (the coordinator answers a known one: submit-request.ts); `request` is its fingerprint. */
  submit(input: InteractionInput, request: string): CommandResult<InteractionView>
  /** Runs a host command on the router of the interaction's version; 409 with the reason the router refused it. */
  /** `disposition`: a complete's wrap-up code, kept on the interaction's view. */
  command(id: string, name: Command, run: (router: Router) => void, disposition?: string): CommandResult
  /** What GET /v1/interactions/:id shows (record, path, trace, explanation). */
  view(record: InteractionRecord): InteractionView
  trace(record: InteractionRecord): TraceEntry[]
  /**
   * The interaction's snapshot while it waits (queue, wait, treatment), and with `reserved` while its reservation is
   * pending too (with the reservation: a SIGTERM hand-over); undefined otherwise, silently.
   */
  exportWaiting(id: string, reserved?: boolean): InteractionSnapshot | undefined
  /** Continues an interaction from another process on its version (deployed here, but for a connected one). */
  restore(record: InteractionRecord, from: Restore): CommandResult
  /**
   * One taken over that could not be restored: it ends here as a failed run does (`failed` with `reason`, then
   * `finished` with outcome `error`), so its agent is let go, its record closes (failed) and every listener hears it.
   */
  endUnresumed(record: InteractionRecord, reason: string): void
}

export function createLocalInteractions(
  book: InteractionBook,
  agents: AgentBook,
  adopted: AdoptedInteractions,
  versions: DeployedVersions,
  events: RouterEvents,
  clock: Clock,
): LocalInteractions {
  function owner(id: string): { record: InteractionRecord; version: Version } | CommandResult<never> {
    const record = book.get(id)
    const version = record ? versions.get(record.version) : undefined
    if (record && !book.isOpen(id)) return alreadyEnded(id, record.state)
    if (!record || !version)
      return {
        ok: false,
        status: 404,
        error: `Unknown interaction ${quotedId(id)}`,
        code: 'unknown-interaction',
      }
    return { record, version }
  }

  function command(
    id: string,
    name: Command,
    run: (router: Router) => void,
    disposition?: string,
  ): CommandResult {
    // before owner(): an adopted call needs no router, and its version may not be deployed here (Redis lost it)
    if (adopted.has(id)) {
      if (name !== 'complete')
        return {
          ok: false,
          status: 409,
          error: `Interaction ${quotedId(id)} is connected: only complete applies`,
          code: 'connected',
        }
      adopted.drop(id)
      agents.release(id)
      book.completed(id, clock.now(), disposition)
      versions.retireDrained()
      return { ok: true, value: undefined }
    }
    const found = owner(id)
    if ('ok' in found) return found
    const refused = refusal(
      events.call(() => run(found.version.router)),
      id,
    )
    if (refused !== undefined) return refused
    if (name === 'complete') {
      agents.release(id)
      book.completed(id, clock.now(), disposition)
      versions.retireDrained()
    }
    return { ok: true, value: undefined }
  }

  function trace(record: InteractionRecord): TraceEntry[] {
    const router = versions.get(record.version)?.router
    return router?.trace(record.id) ?? adopted.trace(record.id) ?? []
  }

  function view(record: InteractionRecord): InteractionView {
    const entries = trace(record)
    const path: string[] = []
    for (const entry of entries) if (entry.kind === 'enter') path.push(entry.node)
    // one copy of the record, added to in the order the answer shows (its fields, path, explanation, trace)
    const { explanation, request: _request, ...rest } = record
    const out = rest as InteractionView
    out.path = path
    if (explanation) out.explanation = explanation
    out.trace = entries
    return out
  }

  /**
   * Said of a strategy a draining version still has: its file was removed (or its id changed) since, and the
   * interactions started on it finish there (once that version drains, serve no longer knows it had the strategy).
   */
  function removedSince(strategy: string): string {
    for (const [id, version] of versions.entries()) {
      if (version === versions.current() || !version.info.strategies.includes(strategy)) continue
      const open = book.openOn(id)
      const started = `${open} interaction${open === 1 ? '' : 's'}`
      return ` It is gone since version ${id} (its file removed, or its strategy id changed), which still finishes the ${started} started on it; new ones are refused until the workspace has it again.`
    }
    return ''
  }

  function submit(input: InteractionInput, request: string): CommandResult<InteractionView> {
    const current = versions.current()
    if (!current)
      return { ok: false, status: 409, error: 'No strategy version is deployed yet', code: 'no-version' }
    if (!current.info.strategies.includes(input.strategy)) {
      const problem = unknownStrategyProblem(input.strategy, current.info.strategies)
      return {
        ok: false,
        status: 422,
        code: 'unknown-strategy',
        error: `${problem.message} Version ${current.info.version} is current.${removedSince(input.strategy)}`,
        ...(problem.fix ? { fix: problem.fix } : {}),
      }
    }
    const now = clock.now()
    const target = current
    adopted.forgetTrace(input.id)
    const submitted = submittedOf(input)
    book.open({
      id: input.id,
      strategy: input.strategy,
      media: input.media ?? 'voice',
      version: target.info.version,
      state: 'routing',
      submittedAt: now,
      updatedAt: now,
      ...(submitted === undefined ? {} : { submitted }),
      request,
    })
    const emitted = events.call(() => target.router.submit(input))
    const refused = refusal(emitted, input.id)
    if (refused !== undefined) {
      // refused whole by the router (a connectedTo it cannot take): nothing was created, the id stays free
      book.dropRefused(input.id)
      return refused
    }
    const record = book.get(input.id)!
    const result = view(record)
    // failed before entering a node: the strategy refused the host's input (data not matching its inputs)
    const failed = emitted.find((e) => e.type === 'failed' && e.interaction === input.id)
    if (failed?.type === 'failed' && result.path.length === 0)
      return { ok: false, status: 422, error: failed.reason }
    return { ok: true, value: result }
  }

  function restore(record: InteractionRecord, from: Restore): CommandResult {
    if (book.isOpen(record.id))
      return { ok: false, status: 409, error: `Interaction ${quotedId(record.id)} is already open here` }
    // a connected call needs no router (only complete is left): its version need not be deployed here
    if (from.kind === 'connected') {
      adopted.adopt(record, from.trace)
      return { ok: true, value: undefined }
    }
    const version = versions.get(record.version)
    if (!version) return { ok: false, status: 409, error: `Version ${record.version} is not deployed here` }
    // a reservation handed over with its snapshot stays the host's to answer (the router holds it under its id)
    const held =
      from.kind === 'snapshot' &&
      record.reservation !== undefined &&
      record.agent !== undefined &&
      from.snapshot.reservation?.id === record.reservation
    const { agent: _a, reservation: _r, target: _t, ...waiting } = record
    book.open(
      held
        ? { ...record, state: 'reserved' }
        : { ...waiting, state: from.kind === 'snapshot' ? 'queued' : 'routing' },
    )
    // shown busy to the other versions, as a routed event would (a withdrawal by the router lets it go again)
    if (held) agents.hold(record.id, record.agent as string, record.version)
    const emitted = events.call(() =>
      from.kind === 'snapshot'
        ? version.router.resumeInteraction(from.snapshot)
        : version.router.submit(from.input),
    )
    return refusal(emitted, record.id) ?? { ok: true, value: undefined }
  }

  function endUnresumed(record: InteractionRecord, reason: string): void {
    const known = book.get(record.id)
    if (known && !book.isOpen(record.id)) return
    // not opened by its restore (its version is not deployed here, or it threw first): opened to close as any other
    if (!known) {
      const { agent: _a, reservation: _r, target: _t, ...waiting } = record
      book.open({ ...waiting, state: 'routing' })
    }
    const at = clock.now()
    events.onEvent(record.version, { type: 'failed', interaction: record.id, at, reason })
    events.onEvent(record.version, { type: 'finished', interaction: record.id, at, outcome: 'error' })
    letGo(record)
  }

  /**
   * A restore that failed partway may leave its router a live run the book has closed, which could still reserve an
   * agent (or keep one's place): the router lets go of it, its trace kept for GET.
   */
  function letGo(record: InteractionRecord): void {
    const router = versions.get(record.version)?.router
    const entries = router?.trace(record.id)
    if (!router || !entries || entries.at(-1)?.kind === 'finish') return
    adopted.keepTrace(record.id, entries)
    // a waiting run goes silently; one not movable (mid-step) is abandoned, its events unheard: the listeners were
    // told it ended (failed) already, and a second finished would count an abandon that never happened
    events.muted(record.id, () => {
      if (!router.exportInteraction(record.id, { release: true })) router.abandon(record.id)
    })
  }

  function exportWaiting(id: string, reserved = false): InteractionSnapshot | undefined {
    const record = book.get(id)
    const movable =
      record?.state === 'queued' || record?.state === 'routing' || (reserved && record?.state === 'reserved')
    if (!record || !movable || adopted.has(id)) return undefined
    return versions.get(record.version)?.router.exportInteraction(id)
  }

  return { submit, command, view, trace, exportWaiting, restore, endUnresumed }
}
