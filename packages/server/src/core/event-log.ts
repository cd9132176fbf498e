// The event stream's memory: numbered events in a bounded ring, read from an id onwards by resuming clients as
// their server-sent-event frames.
import type { ControlEvent, ServerEvent, StreamEvent } from './types.ts'

/**
 * What the ring holds of an event: its frame once a stream built it (one flat string: the GC copies it whole, where
 * an event's object graph, its explanation's candidates and values, would be traced object by object on every
 * scavenge while the ring keeps it), else the entry itself (nobody listened: framed only if a client resumes).
 */
type Held = StreamEvent | { id: number; frame: string }

/** An event as a server-sent event: its id, its type as the event name, its JSON as the data. */
function frameOf(entry: StreamEvent): string {
  return `id: ${entry.id}\nevent: ${entry.event.type}\ndata: ${JSON.stringify(entry.event)}\n\n`
}

export class EventLog {
  private readonly ring: Held[] = []
  private start = 0
  private nextId = 1
  private readonly listeners = new Set<(event: StreamEvent) => void>()
  /** The last entry framed: every open stream sends the same event in turn, so it is framed once for all. */
  private framed: { entry: StreamEvent; text: string } | undefined

  constructor(private readonly capacity: number) {}

  append(event: ServerEvent | ControlEvent): StreamEvent {
    const entry = { id: this.nextId++, event }
    for (const listener of this.listeners) listener(entry)
    const framed = this.framed
    const held: Held = framed?.entry === entry ? { id: entry.id, frame: framed.text } : entry
    if (this.ring.length < this.capacity) this.ring.push(held)
    else {
      this.ring[this.start] = held
      this.start = (this.start + 1) % this.capacity
    }
    return entry
  }

  /** The event's server-sent-event frame (built once however many streams send it). */
  frame(entry: StreamEvent): string {
    if (this.framed?.entry !== entry) this.framed = { entry, text: frameOf(entry) }
    return this.framed.text
  }

  /** The id of the oldest event still held (the next id when empty). */
  oldestId(): number {
    return this.ring.length === 0 ? this.nextId : this.ring[this.start]!.id
  }

  lastId(): number {
    return this.nextId - 1
  }

  /**
   * The frames of the events after `id`, oldest first; `missed` tells that some were already dropped from the
   * ring, or that `id` is from before a restart (ids start again at 1), so the client must read the state again.
   */
  since(id: number): { frames: string[]; missed: boolean } {
    const frames: string[] = []
    for (let i = 0; i < this.ring.length; i++) {
      const held = this.ring[(this.start + i) % this.ring.length]!
      if (held.id > id) frames.push('frame' in held ? held.frame : frameOf(held))
    }
    return { frames, missed: id + 1 < this.oldestId() || id > this.lastId() }
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
