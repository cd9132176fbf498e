// The event stream's memory: numbered events in a bounded ring, read from an id onwards by resuming clients as
// their server-sent-event frames.
import { randomInt } from 'node:crypto'
import type { ControlEvent, ServerEvent, StreamEvent } from './types.ts'

/**
 * What the ring holds of an event: its frame as bytes once a stream built it, else the entry itself (nobody
 * listened: framed only if a client resumes). Bytes live outside the JS heap: the ring keeps the last 10,000
 * events, and a frame held as a string (about 800 characters per routed interaction) survived its first scavenge,
 * was copied within the young generation and then again into the old one: most of what each scavenge copied at
 * 1,000 interactions/s, so its pauses (the slow 1 % of submit -> routed) were as long as they were.
 */
type Held = StreamEvent | { id: number; frame: Buffer }

/** An event as a server-sent event: its id, its type as the event name, its JSON as the data. */
function frameOf(entry: StreamEvent, json: string | undefined): string {
  return `id: ${entry.id}\nevent: ${entry.event.type}\ndata: ${json ?? JSON.stringify(entry.event)}\n\n`
}

/**
 * The frame's bytes written part by part: the frame as one text (the event's JSON inside a template) was a new
 * string, flattened on the heap (a second copy of the JSON) only to be copied into the bytes.
 */
function frameBytes(entry: StreamEvent, json: string): Buffer {
  const head = `id: ${entry.id}\nevent: ${entry.event.type}\ndata: `
  const bytes = Buffer.allocUnsafe(Buffer.byteLength(head) + Buffer.byteLength(json) + 2)
  let at = bytes.write(head, 0)
  at += bytes.write(json, at)
  bytes.write('\n\n', at)
  return bytes
}

/** The event inside a frame of frameBytes: its data line is the event's JSON (JSON.stringify writes no newline). */
function eventOfFrame(frame: string): StreamEvent['event'] {
  const at = frame.indexOf('\ndata: ') + 7
  return JSON.parse(frame.slice(at, frame.length - 2)) as StreamEvent['event']
}

/** Ids of one process: a block of 2^32 at a random place below 2^52 (safe integers, 16 digits at most). */
const ID_BLOCK = 2 ** 32

/**
 * The first id of a new process's log: its own block, so an id another process (or this one before a restart) gave
 * a client is out of this log's range and reads as missed, not as a place in this log's numbering (about one chance
 * in a million that two processes share a block).
 */
export function newFirstEventId(): number {
  return randomInt(1, 2 ** 20) * ID_BLOCK + 1
}

export class EventLog {
  private readonly ring: Held[] = []
  private start = 0
  private nextId: number
  private readonly listeners = new Set<(event: StreamEvent) => void>()
  /** The last entry framed: every open stream sends the same event in turn, so it is framed once for all. */
  private framed: { entry: StreamEvent; bytes: Buffer } | undefined
  /** The entry being appended and its JSON as the caller had it (undefined: made from the event if needed). */
  private appending: StreamEvent | undefined
  private appendingJson: string | undefined

  /** `firstId`: 1 for a log alone (tests); serve gives each process its own block (newFirstEventId). */
  constructor(
    private readonly capacity: number,
    private readonly firstId = 1,
  ) {
    this.nextId = firstId
  }

  /**
   * Appends an event; `json`, when given, is JSON.stringify(event) already made (the text committed to Redis), and
   * the frame uses it instead of making it again.
   */
  append(event: ServerEvent | ControlEvent, json?: string): StreamEvent {
    const entry = { id: this.nextId++, event }
    this.appending = entry
    this.appendingJson = json
    for (const listener of this.listeners) listener(entry)
    this.appending = undefined
    this.appendingJson = undefined
    const framed = this.framed
    const held: Held = framed?.entry === entry ? { id: entry.id, frame: framed.bytes } : entry
    if (this.ring.length < this.capacity) this.ring.push(held)
    else {
      this.ring[this.start] = held
      this.start = (this.start + 1) % this.capacity
    }
    return entry
  }

  /**
   * The event's server-sent-event frame as UTF-8 bytes, made once however many streams send it; the ring keeps the
   * same bytes, and streams write them as they are (a text would be flattened and encoded again for each write).
   */
  frame(entry: StreamEvent): Buffer {
    if (this.framed?.entry !== entry) {
      const json = entry === this.appending ? this.appendingJson : undefined
      this.framed = { entry, bytes: frameBytes(entry, json ?? JSON.stringify(entry.event)) }
    }
    return this.framed.bytes
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
   * ring, or that `id` is not this log's (another process's, or from before a restart: each log numbers from its
   * own first id), so the client must read the state again. `0`: from this log's first event.
   */
  since(
    after: number,
    keep?: (event: StreamEvent['event']) => boolean,
  ): { frames: string[]; missed: boolean } {
    const id = after === 0 ? this.firstId - 1 : after
    const frames: string[] = []
    for (let i = 0; i < this.ring.length; i++) {
      const held = this.ring[(this.start + i) % this.ring.length]!
      if (held.id <= id) continue
      const text = 'frame' in held ? held.frame.toString('utf8') : undefined
      // a filtered resume reads a framed event back from its one-line JSON (the ring keeps bytes, not events)
      if (keep && !keep(text === undefined ? (held as StreamEvent).event : eventOfFrame(text))) continue
      frames.push(text ?? frameOf(held as StreamEvent, undefined))
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
