// pure: bytes -> text, refusing invalid UTF-8 with the position of the first bad byte.
import type { Diagnostic } from '../diagnostics.ts'
import { checkSize } from './limits.ts'

/** Offset of the first byte that is not valid UTF-8, or -1. */
function firstInvalidByte(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!
    const length =
      b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0
    if (length === 0) return i
    for (let k = 1; k < length; k++) {
      const next = bytes[i + k]
      if (next === undefined || (next & 0xc0) !== 0x80) return i
    }
    i += length
  }
  return -1
}

export type Decoded = { text: string } | { diagnostic: Diagnostic }

export function decodeInput(input: string | Uint8Array): Decoded {
  if (typeof input === 'string') {
    const tooBig = checkSize(input.length)
    if (tooBig) return { diagnostic: tooBig }
    return { text: input.charCodeAt(0) === 0xfeff ? input.slice(1) : input }
  }
  const tooBig = checkSize(input.byteLength)
  if (tooBig) return { diagnostic: tooBig }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(input) }
  } catch {
    const at = Math.max(0, firstInvalidByte(input))
    let line = 1
    let lineStart = 0
    for (let i = 0; i < at; i++) {
      if (input[i] === 0x0a) {
        line++
        lineStart = i + 1
      }
    }
    const position = { line, column: at - lineStart + 1, offset: at }
    return {
      diagnostic: {
        code: 'RW006',
        severity: 'error',
        message: `The file is not valid UTF-8 (byte 0x${(input[at] ?? 0).toString(16).padStart(2, '0')} at byte ${at}). Save it as UTF-8.`,
        path: [],
        range: { start: position, end: { ...position, column: position.column + 1, offset: at + 1 } },
      },
    }
  }
}
