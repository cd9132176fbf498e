// A peer's HTTP answer read up to a bound: a receiver, serve or Kamailio that misbehaves may stream without end, so
// nothing here holds more than `maxBytes` of it (one copy for serve's webhooks and the telephony bridge's clients).

/**
 * The answer's text (UTF-8), or undefined past `maxBytes`: the rest is never read and the body is cancelled, so the
 * connection closes. A read that fails midway (the peer hung up) rejects as `response.text()` does.
 */
export async function readBoundedText(response: Response, maxBytes: number): Promise<string | undefined> {
  if (response.body === null) return ''
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) return new TextDecoder().decode(Buffer.concat(chunks, size))
    size += value.byteLength
    if (size > maxBytes) {
      await reader.cancel().catch(() => {})
      return undefined
    }
    chunks.push(value)
  }
}
