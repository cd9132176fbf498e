// Names the CLI quotes in its messages (a pattern, a file or strategy name, an agent id) go through quotedName: a `"`
// in one is escaped, so `a"b.strategy.yaml` cannot read as the name `a` followed by the CLI's own words.
import { describe, expect, it } from 'vitest'
import { directory, strategy, workspace } from './helpers.ts'
import { routewrightInProcess } from './in-process.ts'

describe('quoted names', () => {
  it('escapes a quote in a pattern that matched no file', async () => {
    const cwd = workspace({ 'flows/a.strategy.yaml': strategy('a') })
    const run = await routewrightInProcess(['validate', 'flows/a"b*.strategy.yaml'], cwd)
    expect(run.stderr).toContain('No matching files for "flows/a\\"b*.strategy.yaml"')
  })

  it('escapes a quote in a name where-used looked for', async () => {
    const cwd = workspace({ 'flows/a.strategy.yaml': strategy('a'), 'env.directory.yaml': directory })
    const run = await routewrightInProcess(['where-used', 'sup"port', '--workspace', 'flows'], cwd)
    expect(run.stdout + run.stderr).toContain('named "sup\\"port"')
  })
})
