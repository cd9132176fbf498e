// Factories for rule tests: small valid documents to break one thing at a time, and a locator that echoes paths.
import type {
  DirectoryDocument,
  Path,
  Range,
  SourceLocator,
  StrategyDocument,
  StrategyNode,
} from '@routewright/strategy-dsl'

/** A valid strategy: a switch to a target that times out to an end. Override any part. */
export function makeStrategy(overrides: Partial<StrategyDocument> = {}): StrategyDocument {
  return {
    strategy: 'sample',
    format: 1,
    inputs: { tier: { type: 'string', default: 'standard' } },
    variables: { attempts: { type: 'int', default: 0 } },
    start: 'classify',
    nodes: {
      classify: {
        type: 'switch',
        cases: [{ when: 'data.tier == "gold" && attempts < 3', next: 'vip' }],
        default: 'vip',
      },
      vip: {
        type: 'target',
        targets: [{ group: 'vip_team' }],
        wait: '30s',
        next: { timeout: 'done', error: 'done' },
      },
      done: { type: 'end', outcome: 'default-route' },
    },
    ...overrides,
  }
}

/** Adds or replaces nodes of the sample strategy. */
export function withNodes(
  nodes: Record<string, StrategyNode>,
  overrides: Partial<StrategyDocument> = {},
): StrategyDocument {
  const base = makeStrategy(overrides)
  return { ...base, nodes: { ...base.nodes, ...nodes } }
}

export function makeDirectory(overrides: Partial<DirectoryDocument> = {}): DirectoryDocument {
  return {
    directory: 'test',
    format: 1,
    skills: { english: {}, vip: {}, billing: {} },
    groups: { vip_team: {}, general_support: {} },
    queues: { sales: { groups: ['general_support'] } },
    agents: {
      a1: { groups: ['vip_team'], skills: { english: 5, vip: 7 } },
      a2: { groups: ['general_support'], skills: { english: 3 } },
    },
    calendars: { us_east: { timezone: 'America/New_York', hours: { 'mon-fri': '08:00-18:00' } } },
    destinations: { overflow_site_b: { type: 'routing-point', address: '5001' } },
    functions: { lookupCustomer: { args: ['string'], returns: 'string' } },
    ...overrides,
  }
}

/** Line = number of path segments, column = 1 (or index + 1 inside strings), offset encodes nothing useful. */
export const echoLocator: SourceLocator & { last?: Path } = {
  rangeOf(path: Path): Range {
    return {
      start: { line: path.length, column: 1, offset: 0 },
      end: { line: path.length, column: 2, offset: 1 },
    }
  },
  keyRangeOf(path: Path): Range {
    return {
      start: { line: path.length, column: 0, offset: 0 },
      end: { line: path.length, column: 1, offset: 0 },
    }
  },
  positionInString(path: Path, index: number) {
    return { line: path.length, column: index + 1, offset: index }
  },
}

/** `code@path` strings, to assert on what was found and where, ignoring message wording. */
export function codesAt(diagnostics: readonly { code: string; path: Path }[]): string[] {
  return diagnostics.map((d) => `${d.code}@${d.path.join('.')}`)
}
