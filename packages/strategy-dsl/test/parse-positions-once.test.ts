// An editor's parse (`ParseOptions.positions`) reads the text once: js-yaml's one load records the positions that
// findings and `nodeAt` need, empty values (`key:`) included, and the yaml package's full parse is never built.
import { beforeEach, describe, expect, it, vi } from 'vitest'

const { reads, counted } = vi.hoisted(() => {
  const reads = { jsYamlLoads: 0, yamlDocuments: 0 }
  /** `read` that counts its calls under `name`. */
  function counted<TArgs extends unknown[], TResult>(
    name: keyof typeof reads,
    read: (...args: TArgs) => TResult,
  ): (...args: TArgs) => TResult {
    return (...args) => {
      reads[name]++
      return read(...args)
    }
  }
  return { reads, counted }
})

vi.mock('js-yaml', async (importOriginal) => {
  const real = await importOriginal<typeof import('js-yaml')>()
  return { ...real, load: counted('jsYamlLoads', real.load) }
})
vi.mock('yaml', async (importOriginal) => {
  const real = await importOriginal<typeof import('yaml')>()
  return { ...real, parseDocument: counted('yamlDocuments', real.parseDocument) }
})

// the project runs files in one module graph (isolate: false): the parser is loaded afresh, so it gets the mocks
vi.resetModules()
const { formatDiagnostic, safeParseStrategy } = await import('../src/index.ts')

beforeEach(() => {
  reads.jsYamlLoads = 0
  reads.yamlDocuments = 0
})

/** A strategy with one finding: `ask` routes to a node that does not exist. */
const strategy = `strategy: help
format: 1
start: ask
nodes:
  ask:
    type: wait
    for: 5s
    next: dne
  done:
    type: end
    outcome: default-route
`

function findingsAndHover(text: string, positions: boolean, at: string, shift = 0) {
  const parsed = safeParseStrategy(text, { file: 'help.strategy.yaml', positions })
  const printed = parsed.diagnostics.map((d) => formatDiagnostic(d))
  const node = parsed.locator?.nodeAt?.(text.indexOf(at) + shift)
  return { printed, node }
}

describe('the positions parse', () => {
  it('reads the text once for its findings and nodeAt', () => {
    const { node } = findingsAndHover(strategy, true, 'dne', 1)
    expect(node).toMatchObject({ path: ['nodes', 'ask', 'next'], value: 'dne' })
    expect(reads).toEqual({ jsYamlLoads: 1, yamlDocuments: 0 })
  })

  it('reads it again for positions when it was not asked to keep them (a batch validate)', () => {
    findingsAndHover(strategy, false, 'dne', 1)
    expect(reads).toEqual({ jsYamlLoads: 2, yamlDocuments: 0 })
  })

  it('places an empty value (`key:`) from the same read, where the full parser puts it', () => {
    const empty = strategy.replace('next: dne', 'next:')
    const { printed, node } = findingsAndHover(empty, true, 'next:', 5)
    expect(reads).toEqual({ jsYamlLoads: 1, yamlDocuments: 0 })
    const after = empty.indexOf('next:') + 5
    expect(node).toEqual({
      path: ['nodes', 'ask', 'next'],
      onKey: false,
      value: '',
      start: after,
      end: after,
    })
    expect(printed).toMatchInlineSnapshot(`
      [
        "help.strategy.yaml:8:10: error RW020 "next" should be text, not an empty value (null). (at nodes.ask.next)",
      ]
    `)
  })
})
