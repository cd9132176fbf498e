import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  checkDirectoryText,
  checkStrategyText,
  checkTestText,
  formatDiagnostic,
  type StrategyDocument,
} from '@routewright/strategy-dsl'
import { describe, expect, it } from 'vitest'

const examples = join(import.meta.dirname, '../../../examples')
const files = readdirSync(examples).sort()
const read = (name: string) => readFileSync(join(examples, name), 'utf8')

describe('the examples validate clean against each other and the directory', () => {
  const directoryFile = files.find((f) => f.endsWith('.directory.yaml'))
  const directory = directoryFile
    ? checkDirectoryText(read(directoryFile), { file: directoryFile })
    : undefined
  const strategies = new Map<string, StrategyDocument>()
  for (const file of files.filter((f) => f.endsWith('.strategy.yaml'))) {
    const { document } = checkStrategyText(read(file), { file })
    if (document) strategies.set(document.strategy, document)
  }
  const ctx = directory?.document ? { directory: directory.document, strategies } : { strategies }

  it('has a directory and strategies to check', () => {
    expect(directory?.diagnostics.map(formatDiagnostic)).toEqual([])
    expect(strategies.size).toBeGreaterThanOrEqual(8)
  })

  it.each(files.filter((f) => f.endsWith('.strategy.yaml')))('%s', (file) => {
    expect(checkStrategyText(read(file), { file, ...ctx }).diagnostics.map(formatDiagnostic)).toEqual([])
  })

  it.each(files.filter((f) => f.endsWith('.test.yaml')))('%s', (file) => {
    expect(checkTestText(read(file), { file, ...ctx }).diagnostics.map(formatDiagnostic)).toEqual([])
  })
})
