import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  safeParseDirectory,
  safeParseStrategy,
  safeParseTestDocument,
  type UsageWorkspace,
  type Use,
  whereUsed,
} from '@routewright/strategy-dsl'
import { describe, expect, it } from 'vitest'

const examples = join(import.meta.dirname, '../../../examples')

function loadExamples(): UsageWorkspace {
  const files = readdirSync(examples).sort()
  const read = (file: string) => readFileSync(join(examples, file), 'utf8')
  const strategies = files
    .filter((file) => file.endsWith('.strategy.yaml'))
    .map((file) => {
      const parsed = safeParseStrategy(read(file), { file })
      if (!parsed.success) throw new Error(`${file} does not parse`)
      return { file, document: parsed.data, locator: parsed.locator }
    })
  const tests = files
    .filter((file) => file.endsWith('.test.yaml'))
    .map((file) => {
      const parsed = safeParseTestDocument(read(file), { file })
      if (!parsed.success) throw new Error(`${file} does not parse`)
      return { file, document: parsed.data, locator: parsed.locator }
    })
  const directoryFile = 'contact-center.directory.yaml'
  const parsed = safeParseDirectory(read(directoryFile), { file: directoryFile })
  if (!parsed.success) throw new Error('the directory does not parse')
  const directories = [{ file: directoryFile, document: parsed.data, locator: parsed.locator }]
  return { strategies, directories, tests }
}

const workspace = loadExamples()
// one line per use, as a reader would scan them
const show = (uses: Use[]) =>
  uses.map(
    (u) =>
      `${u.file}:${u.range?.start.line}:${u.range?.start.column} ${u.node ?? '-'} ${u.path.join('.')} ${u.use}`,
  )
// the text each use's range covers: the name itself, wherever it is written
const written = (uses: Use[]) =>
  uses.map((u) => {
    const text = readFileSync(join(examples, u.file), 'utf8')
    return text.slice(u.range?.start.offset, u.range?.end.offset)
  })

describe('whereUsed over the examples', () => {
  it('finds a group named as a target, tested in CEL, and where the directory uses it', () => {
    const found = whereUsed(workspace, 'support_fr', { kind: 'group' })
    expect(show(found.uses)).toEqual([
      // a skill expression that tests membership: "support_fr" in groups (at the name, not the expression)
      'business-hours.strategy.yaml:41:49 paris nodes.paris.targets.0.skill tests membership',
      'contact-center.directory.yaml:37:26 - queues.support.groups.1 serves queue support',
      'contact-center.directory.yaml:85:14 - agents.gabrielle.groups.0 member gabrielle',
      'contact-center.directory.yaml:91:14 - agents.hugo.groups.0 member hugo',
      'contact-center.directory.yaml:103:31 - agents.jules.groups.1 member jules',
      'inbound-call.strategy.yaml:35:18 support nodes.support.targets.1.group target',
    ])
    expect(found.declarations.map((u) => `${u.file} ${u.path.join('.')} ${u.use}`)).toEqual([
      'contact-center.directory.yaml groups.support_fr declared',
    ])
  })

  it('finds a strategy called as a subroutine and handed over to by a route', () => {
    const callers = whereUsed(workspace, 'identify-caller', { kind: 'strategy' }).uses
    expect(show(callers)).toEqual([
      'callback-offer.strategy.yaml:22:11 identify nodes.identify.call calls',
      'identify-caller.test.yaml:4:8 - tests tested',
      'vip-routing.strategy.yaml:41:11 identify nodes.identify.call calls',
    ])
    const handovers = whereUsed(workspace, 'vip-routing', { kind: 'strategy' }).uses
    expect(handovers.map((u) => `${u.file} ${u.use}`)).toEqual([
      'main-inbound.strategy.yaml hands over to',
      'vip-routing.test.yaml tested',
    ])
  })

  it('finds queues read by statistics inside CEL, not only named as targets', () => {
    const uses = whereUsed(workspace, 'sales_paris', { kind: 'queue' }).uses.filter((u) => u.node)
    expect(uses.map((u) => `${u.node} ${u.path.join('.')} ${u.use}`)).toEqual([
      'choose_site nodes.choose_site.cases.1.when reads ExpectedWaitTime',
      'paris nodes.paris.targets.0.queue target',
    ])
  })

  it('finds skills read in skill expressions', () => {
    const uses = whereUsed(workspace, 'billing', { kind: 'skill' }).uses.filter((u) => u.strategy)
    expect(uses.map((u) => `${u.strategy} ${u.path.join('.')} ${u.use}`)).toEqual([
      'skills-escalation nodes.experts.targets.0.skill reads level',
      'skills-escalation nodes.experts.escalate.0.add.0.skill reads level',
    ])
  })

  it('finds variables written by a node and read in CEL', () => {
    const uses = whereUsed(workspace, 'tier', { kind: 'variable' }).uses.filter(
      (u) => u.strategy === 'callback-offer',
    )
    expect(uses.map((u) => `${u.node} ${u.use}`)).toEqual(['identify writes output', 'gold_first reads'])
  })

  it('finds a data key read as data.<key>', () => {
    const uses = whereUsed(workspace, 'data.phone').uses
    expect(uses.map((u) => `${u.strategy} ${u.node} ${u.use}`)).toContain('identify-caller lookup reads')
  })

  it('finds prompts played, played while waiting and played to collect', () => {
    expect(show(whereUsed(workspace, 'prompts/language-menu', { kind: 'prompt' }).uses)).toEqual([
      'language-menu.strategy.yaml:26:35 menu nodes.menu.collect.prompt plays to collect',
    ])
    const waiting = whereUsed(workspace, 'prompts/billing-welcome').uses
    expect(waiting.map((u) => u.path.join('.'))).toEqual(['nodes.experts.treatments.0.play'])
  })

  it('says what was meant when nothing is named so', () => {
    const found = whereUsed(workspace, 'suport_fr')
    expect(found.uses).toEqual([])
    expect(found.suggestion).toBe('support_fr')
  })

  it('offers the node a bare node id names, and the closest node id under kind node', () => {
    // nodes are named <strategy>#<node>: a bare id found nothing and suggested nothing
    expect(whereUsed(workspace, 'vip_desk')).toMatchObject({ uses: [], suggestion: 'vip-routing#vip_desk' })
    expect(whereUsed(workspace, 'vip_dsk', { kind: 'node' }).suggestion).toBe('vip_desk')
  })

  it('keeps to the kind asked for', () => {
    // billing is a skill and a queue
    const queue = whereUsed(workspace, 'billing', { kind: 'queue' }).uses
    expect(new Set(queue.map((u) => u.kind))).toEqual(new Set(['queue']))
    expect(queue.length).toBeGreaterThan(0)
  })

  it('finds the tests that expect a group as the winning target', () => {
    const uses = whereUsed(workspace, 'vip_team', { kind: 'group' }).uses.filter((u) =>
      u.file.endsWith('.test.yaml'),
    )
    expect(show(uses)).toEqual([
      'main-inbound.test.yaml:35:21 - scenarios.3.expect.target test expects',
      'vip-routing.test.yaml:15:21 - scenarios.0.expect.target test expects',
      'vip-routing.test.yaml:27:21 - scenarios.1.expect.target test expects',
    ])
    expect(new Set(written(uses))).toEqual(new Set(['vip_team']))
  })

  it('finds the tests that expect a route to a destination, beside the route nodes and its declaration', () => {
    const found = whereUsed(workspace, 'overflow_partner', { kind: 'destination' })
    expect(show(found.uses)).toEqual([
      'site-overflow.strategy.yaml:53:18 partner nodes.partner.destination routes to',
      'site-overflow.test.yaml:58:20 - scenarios.3.expect.destination test expects',
      'site-overflow.test.yaml:70:20 - scenarios.4.expect.destination test expects',
      'site-overflow.test.yaml:83:20 - scenarios.5.expect.destination test expects',
    ])
    expect(new Set(written(found.uses))).toEqual(new Set(['overflow_partner']))
    expect(found.declarations.map((u) => u.file)).toEqual(['contact-center.directory.yaml'])
  })

  it('finds the strategy a test file tests, and the agents and stubs its scenarios name', () => {
    const tested = whereUsed(workspace, 'vip-routing', { kind: 'strategy' }).uses.map(
      (u) => `${u.file} ${u.use}`,
    )
    expect(tested).toContain('vip-routing.test.yaml tested')
    const erin = whereUsed(workspace, 'erin', { kind: 'agent' }).uses.filter(
      (u) => u.file === 'vip-routing.test.yaml',
    )
    expect(erin.map((u) => `${u.path.join('.')} ${u.use}`).slice(0, 2)).toEqual([
      'scenarios.0.agents.erin test agent',
      'scenarios.0.expect.agent test expects',
    ])
    const stub = whereUsed(workspace, 'lookupCustomer', { kind: 'function' }).uses
    expect(stub.some((u) => u.use === 'test stub' && u.file === 'vip-routing.test.yaml')).toBe(true)
  })

  it('finds a node by <strategy>#<node>: the edges to it and the tests that expect it on their path', () => {
    const found = whereUsed(workspace, 'vip-routing#vip_desk')
    expect(show(found.uses)).toEqual([
      'vip-routing.strategy.yaml:61:11 pop_gold nodes.pop_gold.next next',
      'vip-routing.test.yaml:16:57 - scenarios.0.expect.path.4 test expects path',
      'vip-routing.test.yaml:65:57 - scenarios.5.expect.path.4 test expects path',
    ])
    expect(new Set(written(found.uses))).toEqual(new Set(['vip_desk']))
    expect(show(found.declarations)).toEqual([
      'vip-routing.strategy.yaml:74:3 vip_desk nodes.vip_desk declared',
    ])
  })

  it("finds a strategy's start node, and a node id in every strategy with the node kind", () => {
    const start = whereUsed(workspace, 'vip-routing#has_tier').uses.map((u) => `${u.path.join('.')} ${u.use}`)
    expect(start[0]).toBe('start start')
    const anywhere = whereUsed(workspace, 'identify', { kind: 'node' }).declarations
    expect(anywhere.map((u) => u.strategy)).toEqual(['callback-offer', 'vip-routing'])
  })

  it('gives the range of the name itself inside an expression: a data key, a queue in stat(), a variable', () => {
    const data = whereUsed(workspace, 'data.phone').uses.filter((u) => u.use === 'reads')
    expect(new Set(written(data))).toEqual(new Set(['phone']))
    const queue = whereUsed(workspace, 'sales_paris', { kind: 'queue' }).uses
    // in stat("queue:sales_paris", ...), a test's `target: queue:sales_paris` and its `stats` keys alike
    expect(queue.length).toBeGreaterThan(3)
    expect(new Set(written(queue))).toEqual(new Set(['sales_paris']))
    const tier = whereUsed(workspace, 'tier', { kind: 'variable' }).uses.filter((u) => u.use === 'reads')
    expect(new Set(written(tier))).toEqual(new Set(['tier']))
  })
})

describe('whereUsed: every place a name is written in one expression', () => {
  const source = [
    'strategy: twice',
    'format: 1',
    'variables:',
    '  tier: { type: string, default: unknown }',
    'start: pick',
    'nodes:',
    '  pick:',
    '    type: switch',
    '    cases:',
    `      - when: 'tier == "gold" || tier == "silver" || "tier" == tier'`,
    '        next: done',
    `      - when: stat("queue:billing", "ExpectedWaitTime") > 60.0 && stat("queue:billing", "ExpectedWaitTime") < 600.0`,
    '        next: done',
    '    default: done',
    '  done:',
    '    type: end',
    '    outcome: default-route',
    '',
  ].join('\n')
  const parsed = safeParseStrategy(source, { file: 'twice.strategy.yaml' })
  if (!parsed.success) throw new Error('twice.strategy.yaml does not parse')
  const twice: UsageWorkspace = {
    strategies: [{ file: 'twice.strategy.yaml', document: parsed.data, locator: parsed.locator }],
  }
  const places = (uses: Use[]) =>
    uses.map((u) => [
      `${u.range?.start.line}:${u.range?.start.column}`,
      source.slice(u.range?.start.offset, u.range?.end.offset),
      u.use,
    ])

  it('lists a variable read three times as three uses, each at its own line:col, and not the string "tier"', () => {
    expect(places(whereUsed(twice, 'tier', { kind: 'variable' }).uses)).toEqual([
      ['10:16', 'tier', 'reads'],
      ['10:34', 'tier', 'reads'],
      ['10:64', 'tier', 'reads'],
    ])
  })

  it('lists each stat() of a queue as its own use', () => {
    expect(places(whereUsed(twice, 'billing', { kind: 'queue' }).uses)).toEqual([
      ['12:27', 'billing', 'reads ExpectedWaitTime'],
      ['12:79', 'billing', 'reads ExpectedWaitTime'],
    ])
  })
})
