// The interactions that entered a queue and have not ended, from the events as they come: with the waiting list,
// what the live offered counts at entry (monitor.ts openWaits), also while one rings at an agent and waits no more.
import type { ServerEvent } from '../core/types.ts'

/** An interaction queued and not ended: the targets of its last queueing, and when it first queued. */
export interface OpenEntry {
  interaction: string
  targets: readonly string[]
  since: number
}

export class OpenEntries {
  private readonly open = new Map<string, OpenEntry>()

  /** A `queued` event opens (or, queued again, moves) an entry; `finished` and `failed` end it. */
  note(event: ServerEvent): void {
    if (event.type === 'queued') {
      const since = this.open.get(event.interaction)?.since ?? event.at
      this.open.set(event.interaction, { interaction: event.interaction, targets: event.targets, since })
    } else if (event.type === 'finished' || event.type === 'failed') this.open.delete(event.interaction)
  }

  /** The open entries, as waiting-list lines. */
  lines(): OpenEntry[] {
    return [...this.open.values()]
  }

  /** Drops entries queued before `cutoff`: no window reaches them (and an end the stream never told is let go). */
  forgetBefore(cutoff: number): void {
    for (const [id, entry] of this.open) if (entry.since < cutoff) this.open.delete(id)
  }

  size(): number {
    return this.open.size
  }
}
