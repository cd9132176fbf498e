import { checkTestText } from '@routewright/strategy-dsl'
import { describe, expect, it } from 'vitest'
import type { FileMeta } from '../api/protocol.ts'
import type { WorkspaceClientLike } from './client-types.ts'
import { loadStrategyContext } from './documents.ts'
import { newStrategyText } from './files.ts'

const DIRECTORY = 'directory: main\nskills: [billing]\nqueues: []\nagents: []\n'

/** A workspace whose reads are recorded; a file marked too large is listed but its read fails, as the server's does. */
function workspace(texts: Record<string, string>, tooLarge: readonly string[]) {
  const read: string[] = []
  const files: FileMeta[] = Object.keys(texts).map((path) => ({
    path,
    kind: path.endsWith('.directory.yaml') ? 'directory' : 'strategy',
    size: texts[path]?.length ?? 0,
    mtimeMs: 0,
    version: 'v1',
    ...(tooLarge.includes(path) ? { tooLarge: true as const } : {}),
  }))
  const unused = () => Promise.reject(new Error('not used by loadStrategyContext'))
  const client: WorkspaceClientLike = {
    list: async () => ({ workspace: '/ws', files }),
    async read(path) {
      read.push(path)
      if (tooLarge.includes(path)) throw new Error(`${path} is over the size limit`)
      const meta = files.find((f) => f.path === path)
      if (!meta) throw new Error(`${path} not found`)
      return { ...meta, text: texts[path] ?? '' }
    },
    alarms: async () => null,
    write: unused,
    create: unused,
    rename: unused,
    duplicate: unused,
    remove: unused,
    watch: () => () => {},
  }
  return { client, files, read }
}

describe('loadStrategyContext', () => {
  it('never asks for a file over the size limit, and still reads every other neighbour', async () => {
    const { client, files, read } = workspace(
      {
        'open.strategy.yaml': newStrategyText('open'),
        'helper.strategy.yaml': newStrategyText('helper'),
        'huge.strategy.yaml': '',
        'main.directory.yaml': DIRECTORY,
        'big.directory.yaml': '',
      },
      ['huge.strategy.yaml', 'big.directory.yaml'],
    )
    const context = await loadStrategyContext(client, 'open.strategy.yaml', files)
    expect(read.sort()).toEqual(['helper.strategy.yaml', 'main.directory.yaml'])
    expect([...context.strategies.keys()]).toEqual(['helper'])
    // what the simulation names when it refuses one of them
    expect([...context.strategyFiles]).toEqual([['helper', 'helper.strategy.yaml']])
    expect(context.directoryPath).toBe('main.directory.yaml')
  })

  it('keeps a neighbour that does not parse by the id its name gives, so a test naming it hears it has errors', async () => {
    const { client, files } = workspace(
      {
        'claims.test.yaml':
          'tests: claims\nformat: 1\nscenarios:\n  - name: a\n    expect: { outcome: routed }\n',
        'flows/claims.strategy.yaml': `${newStrategyText('claims')}selection: longest-idle\n`,
        'helper.strategy.yaml': newStrategyText('helper'),
      },
      [],
    )
    const context = await loadStrategyContext(client, 'claims.test.yaml', files)
    expect([...context.brokenStrategies]).toEqual([['claims', 'flows/claims.strategy.yaml']])
    const { diagnostics } = checkTestText(
      'tests: claims\nformat: 1\nscenarios:\n  - name: a\n    expect: { outcome: routed }\n',
      {
        strategies: context.strategies,
        strategiesFrom: 'workspace',
        brokenStrategies: context.brokenStrategies,
      },
    )
    expect(diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      'RW464 tests names strategy "claims" (flows/claims.strategy.yaml), which has errors; fix them first, then the scenarios are checked against it.',
    ])
  })

  it('keeps a broken neighbour by its `strategy:` line too, as the CLI does, and by path order whichever read ends first', async () => {
    const broken = (id: string) => `${newStrategyText(id)}selection: longest-idle\n`
    const { client, files } = workspace(
      {
        'open.strategy.yaml': newStrategyText('open'),
        // named otherwise, declaring claims (routewright validate: RW464 "has errors")
        'routing.strategy.yaml': broken('claims'),
        // two broken files named alike: the first by path wins, as the CLI's walk picks
        'a/twin.strategy.yaml': broken('twin'),
        'b/twin.strategy.yaml': broken('twin'),
      },
      [],
    )
    // the first by path answers last
    const slow: WorkspaceClientLike = {
      ...client,
      async read(path) {
        if (path === 'a/twin.strategy.yaml') await new Promise<void>((resolve) => setImmediate(resolve))
        return client.read(path)
      },
    }
    const context = await loadStrategyContext(slow, 'open.strategy.yaml', files)
    expect(context.brokenStrategies.get('claims')).toBe('routing.strategy.yaml')
    expect(context.brokenStrategies.get('twin')).toBe('a/twin.strategy.yaml')
  })
})
