// What the server knows of each interaction, folded from the router's events: state, version, agent, outcome.
import type { RouterEvent } from '@routewright/strategy-runtime'
import { quotedId } from './quoted-id.ts'
import { CLOSED_STATES, type CommandResult, type InteractionState, type InteractionView } from './types.ts'

/** The answer to a command on an interaction that already ended: the same from every process, before or after a takeover. */
export function alreadyEnded(id: string, state: InteractionState): CommandResult<never> {
  return {
    ok: false,
    status: 409,
    error: `Interaction ${quotedId(id)} already ended (${state})`,
    code: 'already-ended',
  }
}

/**
 * The view of an interaction without what is read from the router on demand (path, trace), with the fingerprint of
 * the submit that created it (submit-request.ts; never shown: a retried submit is compared against it).
 */
export type InteractionRecord = Omit<InteractionView, 'path' | 'trace' | 'replayed'> & { request?: string }

/** Open records by id, and closed ones kept for reading up to a bound (oldest dropped first). */
export class InteractionBook {
  private readonly records = new Map<string, InteractionRecord>()
  private readonly closed = new Set<string>()
  private readonly openByVersion = new Map<string, number>()

  constructor(private readonly keptClosed: number) {}

  get(id: string): InteractionRecord | undefined {
    return this.records.get(id)
  }

  isOpen(id: string): boolean {
    const record = this.records.get(id)
    return record !== undefined && !CLOSED_STATES.has(record.state)
  }

  open(record: InteractionRecord): void {
    this.forget(record.id)
    this.records.set(record.id, record)
    this.openByVersion.set(record.version, (this.openByVersion.get(record.version) ?? 0) + 1)
  }

  /** The router refused to create the interaction just opened (a submit refused whole): no record is kept. */
  dropRefused(id: string): void {
    const record = this.records.get(id)
    if (!record || CLOSED_STATES.has(record.state)) return
    this.records.delete(id)
    const open = (this.openByVersion.get(record.version) ?? 1) - 1
    if (open > 0) this.openByVersion.set(record.version, open)
    else this.openByVersion.delete(record.version)
  }

  openOn(version: string): number {
    return this.openByVersion.get(version) ?? 0
  }

  openTotal(): number {
    let total = 0
    for (const n of this.openByVersion.values()) total += n
    return total
  }

  /** Applies a router event; returns true when it closed the interaction. */
  apply(event: RouterEvent): boolean {
    const record = this.records.get(event.interaction)
    if (!record || CLOSED_STATES.has(record.state)) return false
    record.updatedAt = event.at
    switch (event.type) {
      case 'queued':
        record.state = 'queued'
        return false
      case 'routed':
        record.state = 'reserved'
        record.agent = event.agent
        record.target = event.target
        record.reservation = event.reservation
        record.explanation = event.explanation
        return false
      case 'reservation-rejected':
        record.state = 'queued'
        delete record.reservation
        record.reason = event.reason
        return false
      case 'failed':
        record.reason = event.reason
        return false
      case 'finished':
        record.outcome = event.outcome
        if (event.destination !== undefined) record.destination = event.destination
        // the host's why of an abandon, as fields: before, only the trace's finish entry told it
        if (event.abandonReason !== undefined) record.abandonReason = event.abandonReason
        if (event.note !== undefined) record.abandonNote = event.note
        if (event.outcome === 'routed') {
          record.state = 'connected'
          return false
        }
        return this.close(record, event.outcome === 'error' ? 'failed' : 'finished')
      case 'timeout':
        // its wait ended: out of line, the strategy goes on (a host's connect must not withdraw offers for it)
        record.state = 'routing'
        return false
      case 'data-attached':
        // the event's copy of the data (each event carries the whole of it): kept, not copied again
        record.data = event.data
        return false
      case 'treatment':
      case 'error':
      case 'priority-changed':
        return false
      default:
        return assertNeverEvent(event)
    }
  }

  /** Ids of the closed records still kept, oldest closed first. */
  closedIds(): string[] {
    return [...this.closed]
  }

  /** The host completed a connected interaction. */
  completed(id: string, at: number, disposition?: string): void {
    const record = this.records.get(id)
    if (record?.state !== 'connected') return
    record.updatedAt = at
    if (disposition !== undefined) record.disposition = disposition
    this.close(record, 'completed')
  }

  private close(record: InteractionRecord, state: InteractionState): true {
    record.state = state
    const open = (this.openByVersion.get(record.version) ?? 1) - 1
    if (open > 0) this.openByVersion.set(record.version, open)
    else this.openByVersion.delete(record.version)
    this.closed.add(record.id)
    // a Set keeps insertion order: the first entry is the oldest closed record
    while (this.closed.size > this.keptClosed) {
      const oldest = this.closed.values().next().value as string
      this.closed.delete(oldest)
      this.records.delete(oldest)
    }
    return true
  }

  private forget(id: string): void {
    if (this.closed.delete(id)) this.records.delete(id)
  }
}

function assertNeverEvent(event: never): false {
  void event
  return false
}
