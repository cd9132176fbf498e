// pure: the alarm rules that watch a group or queue no strategy targets. The monitor counts an interaction under the
// targets a strategy names it for (`group:support_en`, `queue:billing`, and a queue's directory groups), so such a
// rule never fires, and nothing else would say why. Serve logs these; validate and the language server warn (RW483).
import {
  type Diagnostic,
  type DirectoryDocument,
  kindOf,
  nameHint,
  type SourceLocator,
  type StrategyDocument,
  strategyUses,
} from '@routewright/strategy-dsl'
import { ALARM_CODES } from './alarm-read.ts'
import type { AlarmsDocument } from './alarm-schema.ts'

/** The uses of a group or queue that put it in a target list (a CEL read of its statistics does not). */
const TARGET_USES: ReadonlySet<string> = new Set(['target', 'escalation adds', 'escalation targets'])

/** What the strategies route to, and the groups a skill expression tests (counted as `skill:<expr>`, not as them). */
interface Routing {
  routed: Set<string>
  /** `skill:<expression>` of every skill target, as the router names its pool and the monitor counts it. */
  skills: Set<string>
  /** group id -> the first `skill:<expression>` target that tests its membership. */
  bySkill: Map<string, string>
  /** A queue is targeted but there is no directory to say which groups it counts in. */
  queueGroupsUnknown: boolean
}

function routing(strategies: ReadonlyMap<string, StrategyDocument>, directory?: DirectoryDocument): Routing {
  const routed = new Set<string>()
  const bySkill = new Map<string, string>()
  const skills = new Set<string>()
  for (const document of strategies.values())
    for (const node of Object.values(document.nodes))
      for (const expression of kindOf(node).expressions(node))
        if (expression.role === 'skill') skills.add(`skill:${expression.source}`)
  for (const [file, document] of strategies)
    for (const use of strategyUses({ file, document }, directory)) {
      if ((use.kind === 'group' || use.kind === 'queue') && TARGET_USES.has(use.use))
        routed.add(`${use.kind}:${use.name}`)
      else if (use.kind === 'group' && use.use === 'tests membership' && use.path.at(-1) === 'skill') {
        // the path leads to the skill target's expression inside the node
        const source = use.path.slice(1).reduce<unknown>((v, k) => (v as never)?.[k], document.nodes)
        if (typeof source === 'string' && !bySkill.has(use.name)) bySkill.set(use.name, `skill:${source}`)
      }
    }
  // the history counts a queue's interactions in each of its directory groups too (records-builder's groupsIn)
  let queueGroupsUnknown = false
  for (const subject of [...routed])
    if (subject.startsWith('queue:')) {
      const queue = directory?.queues?.[subject.slice('queue:'.length)]
      if (!directory) queueGroupsUnknown = true
      for (const group of queue?.groups ?? []) routed.add(`group:${group}`)
    }
  return { routed, skills, bySkill, queueGroupsUnknown }
}

/** Every `group:<id>` and `queue:<id>` the monitor can count: targets, escalations, and the groups of those queues. */
export function routedTargets(
  strategies: ReadonlyMap<string, StrategyDocument>,
  directory?: DirectoryDocument,
): Set<string> {
  return routing(strategies, directory).routed
}

/** A rule whose `group:`, `queue:` or `skill:` no strategy targets: why it cannot fire, and the name meant if close. */
export interface UnroutedRule {
  rule: string
  queue: string
  /** The message's second half: the subject meant, a skill target that tests the group, or what is routed. */
  hint: string
  fix?: { written: string; meant: string }
}

/**
 * The rules whose `group:`, `queue:` or `skill:` no strategy targets; `*` and `agent:` subjects are left alone. A
 * skill target's subject is its expression's text as written, so `skill:english` never counts the target
 * `skill: skills.english >= 5`. A group is not judged when a queue is routed and no directory says which groups it
 * counts in.
 */
export function unroutedAlarmRules(
  document: AlarmsDocument | undefined,
  strategies: ReadonlyMap<string, StrategyDocument>,
  directory?: DirectoryDocument,
): UnroutedRule[] {
  const rules = Object.entries(document?.rules ?? {}).flatMap(([rule, r]) =>
    r.queue !== undefined && /^(group|queue|skill):/.test(r.queue) ? [{ rule, queue: r.queue }] : [],
  )
  if (rules.length === 0) return []
  const { routed, skills, bySkill, queueGroupsUnknown } = routing(strategies, directory)
  const out: UnroutedRule[] = []
  for (const { rule, queue } of rules) {
    if (routed.has(queue) || skills.has(queue)) continue
    if (queue.startsWith('skill:')) {
      out.push({ rule, queue, ...unroutedSkill(queue.slice('skill:'.length), skills) })
      continue
    }
    const kind = queue.startsWith('group:') ? 'group' : 'queue'
    if (kind === 'group' && queueGroupsUnknown) continue
    const name = queue.slice(kind.length + 1)
    const skill = kind === 'group' ? bySkill.get(name) : undefined
    if (skill !== undefined) {
      out.push({
        rule,
        queue,
        hint: ` A skill target tests the group, but the monitor counts it as "${skill}".`,
      })
      continue
    }
    const same = [...routed].filter((s) => s.startsWith(`${kind}:`)).map((s) => s.slice(kind.length + 1))
    const { hint, fix } = nameHint(name, same)
    if (fix) out.push({ rule, queue, hint, fix })
    else
      out.push({
        rule,
        queue,
        hint:
          routed.size === 0
            ? ' No strategy routes to a group or queue.'
            : ` Strategies route to ${[...routed].sort().slice(0, 8).join(', ')}${routed.size > 8 ? ` and ${routed.size - 8} more` : ''}.`,
      })
  }
  return out
}

/** Why a `skill:` rule cannot fire: the skill target written closest to it, or the ones the strategies have. */
function unroutedSkill(written: string, skills: ReadonlySet<string>): Pick<UnroutedRule, 'hint' | 'fix'> {
  const sources = [...skills].map((s) => s.slice('skill:'.length))
  if (sources.length === 0) return { hint: ' No strategy has a skill target.' }
  // the same expression spaced differently is the likeliest slip: the monitor compares the text as written
  const squeezed = written.replace(/\s+/g, '')
  const spaced = sources.find((source) => source.replace(/\s+/g, '') === squeezed)
  if (spaced !== undefined)
    return {
      hint: ` The monitor names a skill target by its text as written: "skill:${spaced}".`,
      ...quotable(written, spaced),
    }
  const { hint, fix } = nameHint(written, sources)
  if (fix) return { hint, ...quotable(written, fix.meant) }
  const listed = sources
    .sort()
    .slice(0, 4)
    .map((source) => `"skill:${source}"`)
  return {
    hint: ` Skill targets in strategies: ${listed.join(', ')}${sources.length > 4 ? ` and ${sources.length - 4} more` : ''}.`,
  }
}

/** The fix an editor can write into the rule's YAML value: none for an expression with quotes it would break. */
function quotable(written: string, meant: string): Pick<UnroutedRule, 'fix'> {
  return /["'\\]/.test(meant) ? {} : { fix: { written, meant } }
}

/** RW483 (a warning) at each rule's queue value that no strategy routes to: validate's and the language server's. */
export function checkUnroutedAlarms(
  document: AlarmsDocument,
  locator: SourceLocator | undefined,
  file: string,
  strategies: ReadonlyMap<string, StrategyDocument>,
  directory?: DirectoryDocument,
): Diagnostic[] {
  return unroutedAlarmRules(document, strategies, directory).map(({ rule, queue, hint, fix }) => {
    const where = ['rules', rule, 'queue']
    const range = locator?.rangeOf(where)
    return {
      code: ALARM_CODES.unrouted,
      severity: 'warning',
      message: `Alarm "${rule}" watches ${queue}, which no strategy routes to: it can never fire.${hint}`,
      path: where,
      file,
      ...(range ? { range } : {}),
      ...(fix ? { fix } : {}),
    }
  })
}
