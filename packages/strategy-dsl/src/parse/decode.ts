// pure: bytes -> text, refusing invalid UTF-8 at its first bad sequence (line, column); CR-only line ends read as LF.
import type { Diagnostic } from '../diagnostics.ts'
import { checkSize } from './limits.ts'

/** The first invalid sequence is reported; the others are counted (binary junk would give thousands). */
const MAX_REPORTED = 1

/**
 * Length of the well-formed UTF-8 sequence at `i`, or 0 when it is ill-formed (Unicode table 3-7): overlong forms,
 * UTF-16 surrogates (U+D800..DFFF) and code points above U+10FFFF are all ill-formed.
 */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const b = bytes[i]!
  if (b < 0x80) return 1
  let length: number
  let low = 0x80
  let high = 0xbf
  if (b >= 0xc2 && b <= 0xdf) length = 2
  else if (b >= 0xe0 && b <= 0xef) {
    length = 3
    if (b === 0xe0) low = 0xa0 // overlong below U+0800
    if (b === 0xed) high = 0x9f // surrogates
  } else if (b >= 0xf0 && b <= 0xf4) {
    length = 4
    if (b === 0xf0) low = 0x90 // overlong below U+10000
    if (b === 0xf4) high = 0x8f // above U+10FFFF
  } else return 0 // 0x80..0xc1 (continuation or overlong lead), 0xf5..0xff
  const second = bytes[i + 1]
  if (second === undefined || second < low || second > high) return 0
  for (let k = 2; k < length; k++) {
    const next = bytes[i + k]
    if (next === undefined || (next & 0xc0) !== 0x80) return 0
  }
  return length
}

function describe(bytes: Uint8Array, at: number): string {
  const b = bytes[at]!
  const hex = (n: number) => `0x${n.toString(16).padStart(2, '0')}`
  if (b === 0xed && (bytes[at + 1] ?? 0) >= 0xa0) return 'an encoded UTF-16 surrogate (CESU-8)'
  if (
    b === 0xc0 ||
    b === 0xc1 ||
    (b === 0xe0 && (bytes[at + 1] ?? 0xff) < 0xa0) ||
    (b === 0xf0 && (bytes[at + 1] ?? 0xff) < 0x90)
  )
    return `an overlong encoding (byte ${hex(b)})`
  if (b >= 0xf5 || (b === 0xf4 && (bytes[at + 1] ?? 0) >= 0x90))
    return `a code point above U+10FFFF (byte ${hex(b)})`
  if (b >= 0x80 && b < 0xc0) return `a stray continuation byte ${hex(b)}`
  return `byte ${hex(b)} starting an incomplete sequence`
}

/**
 * The first ill-formed sequence of `bytes` (its byte offset and what it is, as RW006 says it), or undefined when they
 * are UTF-8: for a reader that refuses the whole input rather than reporting each place (serve's request body).
 */
export function firstInvalidUtf8(bytes: Uint8Array): { offset: number; what: string } | undefined {
  for (let i = 0; i < bytes.length; ) {
    const length = sequenceLength(bytes, i)
    if (length === 0) return { offset: i, what: describe(bytes, i) }
    i += length
  }
  return undefined
}

/** Every ill-formed sequence, each a diagnostic at its line and column (columns count characters, not bytes). */
function invalidSequences(bytes: Uint8Array): Diagnostic[] {
  const out: Diagnostic[] = []
  const decoder = new TextDecoder('utf-8')
  let line = 1
  let lineStart = 0
  let count = 0
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!
    if (b === 0x0a || (b === 0x0d && bytes[i + 1] !== 0x0a)) {
      line++
      lineStart = i + 1
      i++
      continue
    }
    const length = sequenceLength(bytes, i)
    if (length > 0) {
      i += length
      continue
    }
    count++
    if (out.length < MAX_REPORTED) {
      // the text before the bad byte on this line may itself hold invalid bytes: each counts as one character
      const column = decoder.decode(bytes.subarray(lineStart, i)).length + 1
      const start = { line, column, offset: i }
      out.push({
        code: 'RW006',
        severity: 'error',
        message: `The file is not valid UTF-8: ${describe(bytes, i)} at byte ${i}. Save it as UTF-8.`,
        path: [],
        range: { start, end: { line, column: column + 1, offset: i + 1 } },
      })
    }
    // the continuation bytes after a bad lead belong to the same broken sequence
    for (i++; i < bytes.length && (bytes[i]! & 0xc0) === 0x80; ) i++
  }
  if (count > out.length && out.length > 0) {
    const last = out[out.length - 1]!
    const more = count - out.length
    last.message += ` ${more} more invalid sequence${more === 1 ? ' follows' : 's follow'}.`
  }
  return out
}

export type Decoded = { text: string } | { diagnostics: Diagnostic[] }

/** YAML reads a lone CR as a line break, as editors do; LF keeps offsets the same and every reader agrees. */
function normaliseLineEnds(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text
}

/** `kind` (strategy, directory, test, alarms) picks the advice for a file over the size limit. */
export function decodeInput(input: string | Uint8Array, kind?: string): Decoded {
  if (typeof input === 'string') {
    const tooBig = checkSize(input.length, kind)
    if (tooBig) return { diagnostics: [tooBig] }
    return { text: normaliseLineEnds(input.charCodeAt(0) === 0xfeff ? input.slice(1) : input) }
  }
  const tooBig = checkSize(input.byteLength, kind)
  if (tooBig) return { diagnostics: [tooBig] }
  try {
    return {
      text: normaliseLineEnds(new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(input)),
    }
  } catch {
    return { diagnostics: invalidSequences(input) }
  }
}
