// Test helper: reads a server's event stream (SSE) frame by frame, a number of frames at once or followed live.

export interface Frame {
  id?: string
  event?: string
  data?: string
}

/** The complete frames with data at the start of `buffer`, and what is left of it (a frame still arriving). */
function takeFrames(buffer: string): { frames: Frame[]; rest: string } {
  const frames: Frame[] = []
  for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
    const block = buffer.slice(0, end)
    buffer = buffer.slice(end + 2)
    const frame: Frame = {}
    for (const line of block.split('\n')) {
      const i = line.indexOf(': ')
      if (line.startsWith(':') || i < 0) continue
      frame[line.slice(0, i) as keyof Frame] = line.slice(i + 2)
    }
    if (frame.data !== undefined) frames.push(frame)
  }
  return { frames, rest: buffer }
}

/** Reads server-sent events until `count` frames with data arrived (or one `until` accepts), then disconnects. */
export async function readEvents(
  url: string,
  count: number,
  headers: Record<string, string> = {},
  until: (frame: Frame) => boolean = () => false,
): Promise<Frame[]> {
  const controller = new AbortController()
  const response = await fetch(url, { headers, signal: controller.signal })
  const reader = response.body!.getReader()
  const frames: Frame[] = []
  let buffer = ''
  const decoder = new TextDecoder()
  while (frames.length < count && !frames.some(until)) {
    const { value, done } = await reader.read()
    if (done) break
    const taken = takeFrames(buffer + decoder.decode(value, { stream: true }))
    buffer = taken.rest
    frames.push(...taken.frames)
  }
  controller.abort()
  return frames
}

/** An interaction's event as the stream carries it (the fields the cluster tests read). */
export interface StreamedEvent {
  type: string
  interaction: string
  agent?: string
  outcome?: string
}

/**
 * Follows `/v1/events` of one process (with `query`, `?types=...`) and hands each interaction's event over (or each one `keep` accepts), until
 * `close`. `ready` resolves once the process has answered (it subscribes the stream before it answers, so no later
 * event is missed) or the stream failed.
 */
export function followEvents(
  url: string,
  onEvent: (event: StreamedEvent) => void,
  keep: (event: StreamedEvent) => boolean = (event) => typeof event.interaction === 'string',
  query = '',
): { ready: Promise<void>; close(): void } {
  const abort = new AbortController()
  let opened = () => {}
  const ready = new Promise<void>((resolve) => {
    opened = resolve
  })
  void (async () => {
    try {
      const response = await fetch(`${url}/v1/events${query}`, { signal: abort.signal })
      opened()
      const decoder = new TextDecoder()
      let buffer = ''
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        const taken = takeFrames(buffer + decoder.decode(chunk, { stream: true }))
        buffer = taken.rest
        for (const frame of taken.frames) {
          if (frame.event === undefined) continue
          const event = JSON.parse(frame.data!) as StreamedEvent
          if (keep(event)) onEvent(event)
        }
      }
    } catch {
      // closed at the end
    } finally {
      opened() // a stream that failed to open: the calls fail on their own, nothing waits here for ever
    }
  })()
  return { ready, close: () => abort.abort() }
}

/**
 * The events of `type` on one process's stream, as they arrive (the array fills in place); the stream is open once
 * this resolves, and `closers` gets its close.
 */
export async function eventsOfType(
  url: string,
  type: string,
  closers: Array<() => void>,
): Promise<StreamedEvent[]> {
  const seen: StreamedEvent[] = []
  const stream = followEvents(
    url,
    (event) => seen.push(event),
    (event) => event.type === type,
  )
  closers.push(stream.close)
  await stream.ready
  return seen
}
