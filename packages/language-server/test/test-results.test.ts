// The kept results of a run (src/test-results.ts): a hover on a failed case's name of a 1,000-case test file finds
// that case by its line, asking the locator a handful of ranges, not one per kept result.
import type { SourceLocator } from '@routewright/strategy-dsl'
import { expect, it } from 'vitest'
import { toLspRange } from '../src/lsp-convert.ts'
import type { Project } from '../src/project.ts'
import { parseProjectFile } from '../src/project-file.ts'
import { createTestResults } from '../src/test-results.ts'
import type { CaseResult } from '../src/test-runs.ts'
import { positionOf } from './lsp-client.ts'
import { spinTests } from './test-run-server.ts'

const COUNT = 1000

/** A 1,000-case test file as the project parses it, its locator counting the ranges asked of it. */
function countedEntry() {
  const text = spinTests(COUNT)
  const entry = parseProjectFile('/w/spin.test.yaml', 'test', text, true, '/w')
  const locator = entry.locator!
  const asked = { ranges: 0 }
  const counted: SourceLocator = {
    ...locator,
    rangeOf: (path) => {
      asked.ranges++
      return locator.rangeOf(path)
    },
  }
  return { text, entry: { ...entry, locator: counted }, asked }
}

function resultsFor(entry: ReturnType<typeof countedEntry>['entry'], passed: (i: number) => boolean) {
  const project = { ownerOf: () => ({ text: 'strategy: spin' }) } as unknown as Project
  const results = createTestResults({ project: () => project, toPath: (uri) => uri, toLspRange })
  const cases: CaseResult[] = Array.from({ length: COUNT }, (_, index) => ({
    name: `spin ${index}`,
    index,
    passed: passed(index),
    ran: true,
    ms: 2,
    message: passed(index) ? '' : `outcome: expected "routed", got "error" (case ${index})`,
  }))
  results.keep(
    { file: entry.path, strategy: 'spin', cases, basis: { test: entry.text, strategy: 'strategy: spin' } },
    false,
  )
  return results
}

it("answers a hover on a failed case's name of a 1,000-case file from a handful of ranges", () => {
  const { text, entry, asked } = countedEntry()
  const results = resultsFor(entry, () => false)
  const at = positionOf(text, 'spin 600\n', 2)
  expect(results.hoverAt(entry, at)).toBe(
    '**routewright test**: failed (2 ms)\n\n```text\noutcome: expected "routed", got "error" (case 600)\n```',
  )
  // a binary search over the scenarios' lines (about log2(1,000)) and the name's range; it was one per result
  // until the cursor's (601 here)
  expect(asked.ranges).toBeLessThanOrEqual(15)
})

it("answers on the whole line of a failed case's name only: not on its other lines, not on a passed case", () => {
  const { text, entry } = countedEntry()
  const results = resultsFor(entry, (i) => i % 2 === 0)
  // at the line's first column, before `- name:`
  expect(results.hoverAt(entry, { line: positionOf(text, '- name: spin 7\n').line, character: 0 })).toContain(
    '(case 7)',
  )
  expect(results.hoverAt(entry, positionOf(text, 'expect', 0, 7))).toBeUndefined()
  expect(results.hoverAt(entry, positionOf(text, 'spin 8\n'))).toBeUndefined()
  expect(results.hoverAt(entry, positionOf(text, 'spin 999\n'))).toContain('(case 999)')
  expect(results.hoverAt(entry, positionOf(text, 'tests:'))).toBeUndefined()
})

it("writes the invisible characters of a failed case's name as escapes in its diagnostic", () => {
  const text =
    'tests: spin\nformat: 1\nscenarios:\n  - name: "spin\\u200b"\n    expect: { outcome: routed }\n  - name: "spin"\n    expect: { outcome: routed }\n'
  const entry = parseProjectFile('/w/spin.test.yaml', 'test', text, true, '/w')
  const project = { ownerOf: () => ({ text: 'strategy: spin' }), get: () => entry } as unknown as Project
  const results = createTestResults({ project: () => project, toPath: (uri) => uri, toLspRange })
  const failed = {
    index: 0,
    passed: false,
    ran: true,
    ms: 2,
    message: 'outcome: expected "routed", got "error"',
  }
  results.keep(
    {
      file: entry.path,
      strategy: 'spin',
      cases: [{ ...failed, name: 'spin\u200b' }],
      basis: { test: text, strategy: 'strategy: spin' },
    },
    false,
  )
  expect(results.diagnosticsFor(entry.path).map((d) => d.message)).toEqual([
    'Test "spin\\u200B" failed: outcome: expected "routed", got "error"',
  ])
})
