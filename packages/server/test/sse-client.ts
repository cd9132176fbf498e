// Test helper: reads a server's event stream (SSE) frame by frame.

export interface Frame {
  id?: string
  event?: string
  data?: string
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
    buffer += decoder.decode(value, { stream: true })
    let end = buffer.indexOf('\n\n')
    while (end >= 0) {
      const block = buffer.slice(0, end)
      buffer = buffer.slice(end + 2)
      const frame: Frame = {}
      for (const line of block.split('\n')) {
        const i = line.indexOf(': ')
        if (line.startsWith(':') || i < 0) continue
        frame[line.slice(0, i) as keyof Frame] = line.slice(i + 2)
      }
      if (frame.data !== undefined) frames.push(frame)
      end = buffer.indexOf('\n\n')
    }
  }
  controller.abort()
  return frames
}
