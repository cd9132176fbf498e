// checkTraffic: a simulation whose contacts cannot reach an agent says why (RW490-RW493) instead of reporting every
// contact abandoned; simulate() returns the same findings with its figures.
import { POOL_DAY, poolDirectory, poolStrategy } from '@routewright/node-support/testing'
import type { DirectoryDocument, StrategyDocument } from '@routewright/strategy-dsl'
import { checkTraffic, simulate, type TrafficInput } from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'

const twoGroups = {
  strategy: 'pool',
  format: 1,
  start: 'pick',
  nodes: {
    pick: { type: 'target', targets: [{ group: 'pool' }, { queue: 'late' }] },
  },
} as StrategyDocument
const directory: DirectoryDocument = {
  ...poolDirectory,
  groups: { pool: {}, nights: {} },
  queues: { late: { groups: ['nights'] } },
}

function make(overrides: Partial<TrafficInput> = {}): TrafficInput {
  return { strategy: 'pool', strategies: [poolStrategy], directory: poolDirectory, ...overrides }
}

describe('checkTraffic', () => {
  it('finds nothing when every contact can reach a logged-in agent who takes it', () => {
    expect(checkTraffic(make())).toEqual([])
  })

  it.each([
    ['RW490', 'error', make({ strategy: 'poll' }), ['strategy'], 'Did you mean "pool"?'],
    ['RW491', 'error', make({ media: 'vocie' }), ['interaction', 'media'], 'Did you mean "voice"?'],
    ['RW491', 'error', make({ media: 'fax' }), ['interaction', 'media'], 'Its media: voice.'],
    ['RW492', 'warning', make({ agents: [] }), ['interaction', 'media'], 'the directory has 10 who do'],
    [
      'RW493',
      'warning',
      make({ strategies: [twoGroups], directory }),
      ['nodes', 'pick', 'targets', 1, 'queue'],
      'targets queue "late"',
    ],
  ] as const)('[%s] %s: %o', (code, severity, input, path, words) => {
    const [finding, ...rest] = checkTraffic(input)
    expect(rest).toEqual([])
    expect(finding).toMatchObject({ code, severity, path })
    expect(finding?.message).toContain(words)
  })

  // a VIP desk of two: ann (vip 5, voice) and cy (vip 5, chat only); bob has no vip skill
  const desk: DirectoryDocument = {
    directory: 'desk',
    format: 1,
    groups: { pool: {} },
    skills: { vip: {} },
    agents: {
      ann: { groups: ['pool'], skills: { vip: 5 } },
      bob: { groups: ['pool'] },
      cy: { groups: ['pool'], skills: { vip: 5 }, capacity: { chat: 1 } },
    },
  }
  const targeting = (targets: unknown[]) =>
    ({
      strategy: 'pool',
      format: 1,
      start: 'pick',
      nodes: { pick: { type: 'target', targets } },
    }) as StrategyDocument
  const onDesk = (targets: unknown[], agents?: string[]) =>
    checkTraffic({
      strategy: 'pool',
      strategies: [targeting(targets)],
      directory: desk,
      ...(agents ? { agents } : {}),
    })

  it.each([
    [
      'a skill no logged-in agent meets, though one away does',
      [{ skill: 'skills.vip >= 5' }],
      ['bob', 'cy'],
      ['nodes', 'pick', 'targets', 0, 'skill'],
      'Node "pick" of "pool" targets skill "skills.vip >= 5", which no logged-in agent who takes media "voice" meets (the directory has one who does but is not logged in, e.g. "ann"): contacts sent there wait until they abandon or time out.',
    ],
    [
      'a skill nobody of the directory who takes the media meets',
      [{ skill: 'skills.vip >= 6' }],
      undefined,
      ['nodes', 'pick', 'targets', 0, 'skill'],
      'Node "pick" of "pool" targets skill "skills.vip >= 6", which no logged-in agent who takes media "voice" meets (no agent of the directory who takes media "voice" does: give an agent the skill, or loosen the expression): contacts sent there wait until they abandon or time out.',
    ],
    [
      'an agent not logged in',
      [{ agent: 'ann' }],
      ['bob'],
      ['nodes', 'pick', 'targets', 0, 'agent'],
      'Node "pick" of "pool" targets agent "ann", who is not logged in: contacts sent there wait until they abandon or time out.',
    ],
    [
      'an agent who does not take the media',
      [{ agent: 'cy' }],
      undefined,
      ['nodes', 'pick', 'targets', 0, 'agent'],
      'Node "pick" of "pool" targets agent "cy", who does not take media "voice": contacts sent there wait until they abandon or time out.',
    ],
  ] as const)('[RW493] %s', (_, targets, agents, path, message) => {
    expect(onDesk([...targets], agents ? [...agents] : undefined)).toEqual([
      { code: 'RW493', severity: 'warning', message, path, strategy: 'pool' },
    ])
  })

  it('[RW493] passes a skill or agent target a logged-in agent who takes the media can answer', () => {
    expect(onDesk([{ skill: 'skills.vip >= 5' }, { agent: 'ann' }])).toEqual([])
    expect(onDesk([{ skill: "'pool' in groups && skills.vip == 0" }], ['bob'])).toEqual([])
  })

  it('[RW493] finds a skill target an escalation adds', () => {
    const strategy = {
      ...targeting([{ group: 'pool' }]),
      nodes: {
        pick: {
          type: 'target',
          targets: [{ group: 'pool' }],
          escalate: [{ after: '20s', add: [{ skill: 'skills.vip >= 9' }] }],
        },
      },
    } as StrategyDocument
    const findings = checkTraffic({ strategy: 'pool', strategies: [strategy], directory: desk })
    expect(findings.map((f) => f.path)).toEqual([['nodes', 'pick', 'escalate', 0, 'add', 0, 'skill']])
  })

  it('[RW491] names the fix of a misspelt media', () => {
    expect(checkTraffic(make({ media: 'vocie' }))[0]?.fix).toEqual({ written: 'vocie', meant: 'voice' })
  })

  it('is what simulate() returns with its figures', () => {
    const result = simulate({ ...POOL_DAY, durationHours: 2, agents: [] })
    expect(result.warnings.map((w) => w.code)).toEqual(['RW492'])
    expect(result.answered).toBe(0)
  })
})
