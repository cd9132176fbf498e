// pure: an incremental parser of a text/event-stream (the WHATWG format serve writes), fed chunk by chunk.

export interface SseMessage {
  /** The `id:` of the message, when it had one. */
  id?: string
  /** The `event:` name; `message` when absent. */
  event: string
  data: string
}

export interface SseParser {
  /** Feeds decoded text; returns the messages it completed. */
  push(text: string): SseMessage[]
  /** The last `id:` seen (the one to resume from), as the spec keeps it across messages. */
  lastId(): string | undefined
  /** The `retry:` the server asked for, ms. */
  retry(): number | undefined
}

export function createSseParser(): SseParser {
  let buffer = ''
  let lastId: string | undefined
  let retry: number | undefined
  let event = ''
  let data: string[] = []
  let sawField = false
  return {
    push(text) {
      buffer += text
      const out: SseMessage[] = []
      for (;;) {
        const end = buffer.search(/\r\n|\r|\n/)
        if (end < 0) break
        // a lone \r at the end of a chunk may be the first half of \r\n: wait for more
        if (buffer[end] === '\r' && end === buffer.length - 1) break
        const line = buffer.slice(0, end)
        buffer = buffer.slice(end + (buffer.startsWith('\r\n', end) ? 2 : 1))
        if (line === '') {
          if (sawField && data.length > 0) {
            out.push({
              ...(lastId !== undefined ? { id: lastId } : {}),
              event: event || 'message',
              data: data.join('\n'),
            })
          }
          event = ''
          data = []
          sawField = false
          continue
        }
        if (line.startsWith(':')) continue
        const colon = line.indexOf(':')
        const field = colon < 0 ? line : line.slice(0, colon)
        let value = colon < 0 ? '' : line.slice(colon + 1)
        if (value.startsWith(' ')) value = value.slice(1)
        sawField = true
        if (field === 'data') data.push(value)
        else if (field === 'event') event = value
        else if (field === 'id') {
          if (!value.includes('\u0000')) lastId = value
        } else if (field === 'retry' && /^\d+$/.test(value)) retry = Number(value)
      }
      return out
    },
    lastId: () => lastId,
    retry: () => retry,
  }
}
