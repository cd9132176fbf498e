// `routewright serve` loads its workspace through loadWorkspace: a strategy over the DSL's node limit refuses the
// load (at start or on a deploy) with RW013 on that file's `nodes:` key, as `routewright validate` reports it.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { MAX_NODES } from '@routewright/strategy-dsl'
import { safeLoadWorkspace } from '@routewright/strategy-runtime/node'
import { afterEach, describe, expect, it } from 'vitest'

const examples = path.resolve(import.meta.dirname, '../../../examples')
const folders: string[] = []
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true })
})

describe('loadWorkspace and the node limit', () => {
  it('[RW013] refuses a workspace holding a strategy of 10,001 nodes, naming the file and its nodes: key', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rw-load-node-limit-'))
    folders.push(dir)
    cpSync(examples, dir, { recursive: true })
    const lines = ['strategy: big', 'format: 1', 'start: n0', 'nodes:']
    for (let i = 0; i <= MAX_NODES; i++) lines.push(`  n${i}: { type: end, outcome: abandon }`)
    writeFileSync(path.join(dir, 'big.strategy.yaml'), `${lines.join('\n')}\n`)
    const result = await safeLoadWorkspace(dir)
    expect(result.success).toBe(false)
    if (result.success) return
    const refusals = result.diagnostics.filter((d) => d.severity === 'error')
    expect(refusals).toMatchObject([
      {
        code: 'RW013',
        file: 'big.strategy.yaml',
        path: ['nodes'],
        range: { start: { line: 4, column: 1 } },
        message: expect.stringMatching(/^The strategy has 10,001 nodes, over the limit of 10,000\. Split/),
      },
    ])
  })
})
