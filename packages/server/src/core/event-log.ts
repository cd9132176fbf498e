// The event stream's memory: numbered events in a bounded ring, read from an id onwards by resuming clients.
import type { ControlEvent, ServerEvent, StreamEvent } from './types.ts'

export class EventLog {
  private readonly ring: StreamEvent[] = []
  private start = 0
  private nextId = 1
  private readonly listeners = new Set<(event: StreamEvent) => void>()

  constructor(private readonly capacity: number) {}

  append(event: ServerEvent | ControlEvent): StreamEvent {
    const entry = { id: this.nextId++, event }
    if (this.ring.length < this.capacity) this.ring.push(entry)
    else {
      this.ring[this.start] = entry
      this.start = (this.start + 1) % this.capacity
    }
    for (const listener of this.listeners) listener(entry)
    return entry
  }

  /** The id of the oldest event still held (the next id when empty). */
  oldestId(): number {
    return this.ring.length === 0 ? this.nextId : this.ring[this.start]!.id
  }

  lastId(): number {
    return this.nextId - 1
  }

  /**
   * Events after `id`; `missed` tells that some were already dropped from the ring, or that `id` is from before a
   * restart (ids start again at 1), so the client must read the state again.
   */
  since(id: number): { events: StreamEvent[]; missed: boolean } {
    const events: StreamEvent[] = []
    for (let i = 0; i < this.ring.length; i++) {
      const entry = this.ring[(this.start + i) % this.ring.length]!
      if (entry.id > id) events.push(entry)
    }
    return { events, missed: id + 1 < this.oldestId() || id > this.lastId() }
  }

  /** Whether any stream follows the log now. */
  listened(): boolean {
    return this.listeners.size > 0
  }

  subscribe(listener: (event: StreamEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}
