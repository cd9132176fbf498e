import type { Diagnostic } from '@routewright/strategy-dsl'
import { describe, expect, it } from 'vitest'
import { describeCounts, markersFromDiagnostics } from './markers.ts'

function make(overrides: Partial<Diagnostic> = {}): Diagnostic {
  return {
    code: 'RW101',
    severity: 'error',
    message: 'Node "a" routes to "b", which does not exist.',
    path: [],
    ...overrides,
  }
}

const at = (line: number, column: number) => ({ line, column, offset: 0 })

describe('markersFromDiagnostics', () => {
  it('keeps the diagnostic range in editor coordinates', () => {
    const [marker] = markersFromDiagnostics([make({ range: { start: at(3, 5), end: at(3, 12) } })])
    expect(marker).toMatchObject({
      startLineNumber: 3,
      startColumn: 5,
      endLineNumber: 3,
      endColumn: 12,
      code: 'RW101',
    })
  })

  it('marks the first line when the diagnostic has no range', () => {
    const [marker] = markersFromDiagnostics([make()])
    expect(marker).toMatchObject({ startLineNumber: 1, startColumn: 1, endLineNumber: 1, endColumn: 2 })
  })

  it('widens an empty range to one character', () => {
    const [marker] = markersFromDiagnostics([make({ range: { start: at(2, 4), end: at(2, 4) } })])
    expect(marker?.endColumn).toBe(5)
  })

  it('names the node in the message', () => {
    const [marker] = markersFromDiagnostics([make({ node: 'vip', severity: 'warning' })])
    expect(marker?.message).toContain('(node vip)')
    expect(marker?.severity).toBe('warning')
  })
})

describe('describeCounts', () => {
  it.each([
    [[], 'no problems'],
    [[make()], '1 error'],
    [[make(), make(), make({ severity: 'warning' })], '2 errors, 1 warning'],
  ])('describes %j as %s', (diagnostics, text) => {
    expect(describeCounts(diagnostics as Diagnostic[])).toBe(text)
  })
})
