// createFileLineIndex: a text that keeps its byte order mark placed as the reader (which drops it) places findings.
import { describe, expect, it } from 'vitest'
import { createFileLineIndex, createLineIndex, safeParseStrategy } from '../src/index.ts'

describe('createFileLineIndex', () => {
  it('counts no column for the mark on line 1, keeps the offset in the text as given', () => {
    const at = createFileLineIndex('\ufeffab\ncd')
    expect([at(0), at(1), at(2), at(4)]).toEqual([
      { line: 1, column: 1, offset: 0 },
      { line: 1, column: 1, offset: 1 },
      { line: 1, column: 2, offset: 2 },
      { line: 2, column: 1, offset: 4 },
    ])
  })

  it('is createLineIndex for a text without the mark, lone CR and CRLF ending lines alike', () => {
    const text = 'a: 1\rb: 2\r\nc: 3'
    const at = createFileLineIndex(text)
    for (const offset of [0, 5, 11, 14]) expect(at(offset)).toEqual(createLineIndex(text)(offset))
    expect(at(11)).toMatchObject({ line: 3, column: 1 })
  })

  it("agrees with the reader's own place for a finding on line 1, after the mark", () => {
    const text = '\ufeffstrategy: [a\n'
    const parsed = safeParseStrategy(text)
    const start = parsed.success ? undefined : parsed.diagnostics[0]?.range?.start
    const { line, column } = createFileLineIndex(text)(text.indexOf('['))
    expect(start).toMatchObject({ line, column })
    expect(line).toBe(1)
  })
})
