import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  safeParseDirectory,
  safeParseStrategy,
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
  const directoryFile = 'contact-center.directory.yaml'
  const parsed = safeParseDirectory(read(directoryFile), { file: directoryFile })
  if (!parsed.success) throw new Error('the directory does not parse')
  return { strategies, directory: { file: directoryFile, document: parsed.data, locator: parsed.locator } }
}

const workspace = loadExamples()
// one line per use, as a reader would scan them
const show = (uses: Use[]) =>
  uses.map(
    (u) =>
      `${u.file}:${u.range?.start.line}:${u.range?.start.column} ${u.node ?? '-'} ${u.path.join('.')} ${u.use}`,
  )

describe('whereUsed over the examples', () => {
  it('finds a group named as a target, tested in CEL, and where the directory uses it', () => {
    const found = whereUsed(workspace, 'support_fr', { kind: 'group' })
    expect(show(found.uses)).toEqual([
      // a skill expression that tests membership: "support_fr" in groups
      'business-hours.strategy.yaml:41:24 paris nodes.paris.targets.0.skill tests membership',
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
      'vip-routing.strategy.yaml:41:11 identify nodes.identify.call calls',
    ])
    const handovers = whereUsed(workspace, 'vip-routing', { kind: 'strategy' }).uses
    expect(handovers.map((u) => `${u.file} ${u.use}`)).toEqual(['main-inbound.strategy.yaml hands over to'])
  })

  it('finds queues read by statistics inside CEL, not only named as targets', () => {
    const uses = whereUsed(workspace, 'sales_paris', { kind: 'queue' }).uses
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

  it('keeps to the kind asked for', () => {
    // billing is a skill and a queue
    const queue = whereUsed(workspace, 'billing', { kind: 'queue' }).uses
    expect(new Set(queue.map((u) => u.kind))).toEqual(new Set(['queue']))
    expect(queue.length).toBeGreaterThan(0)
  })
})
