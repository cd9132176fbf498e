// pure: what a simulation's traffic asks that its strategies and directory cannot give (RW490-RW493), found before
// the run so a day where no contact can reach an agent says why instead of reporting every one abandoned.
import {
  type DirectoryDocument,
  kindOf,
  type NameFix,
  nameHint,
  type Path,
  type StrategyDocument,
} from '@routewright/strategy-dsl'
import { compileRuntimeExpression } from '../engine/expressions.ts'
import { agentValues } from '../selection/agents.ts'
import { skillMatcher } from '../selection/skill-matcher.ts'
import { agentCapacityOf } from '../stats/agent-media-rule.ts'
import { DEFAULT_SIMULATION_START } from './simulate-options.ts'

/** A finding about the traffic: `error` means the run would measure nothing (refuse it), `warning` run and say it. */
export interface TrafficFinding {
  code: 'RW490' | 'RW491' | 'RW492' | 'RW493'
  severity: 'error' | 'warning'
  message: string
  /**
   * Where: in the traffic (`['strategy']`, `['interaction', 'media']`) or, with `strategy`, in that strategy
   * document (`['nodes', 'pick', 'targets', 0, 'group']`).
   */
  path: Path
  /** The strategy whose document `path` is in (RW493). */
  strategy?: string
  fix?: NameFix
}

export interface TrafficInput {
  strategy: string
  strategies: readonly StrategyDocument[] | ReadonlyMap<string, StrategyDocument>
  directory: DirectoryDocument
  /** Logged-in agents; default every agent of the directory. */
  agents?: readonly string[]
  /** Every contact's media; default voice. */
  media?: string
  /** When the day starts (ms), what a skill expression's `now` reads; default simulate()'s. */
  startAt?: number
}

/** The most target findings listed: a workspace of empty groups would bury the rest. */
const MAX_TARGET_FINDINGS = 10

/** The findings about the traffic, errors first; none when every contact can reach an agent who takes it. */
export function checkTraffic(input: TrafficInput): TrafficFinding[] {
  const strategies = [...(input.strategies instanceof Map ? input.strategies.values() : input.strategies)]
  const ids = strategies.map((s) => s.strategy)
  if (!ids.includes(input.strategy)) {
    const near = nameHint(input.strategy, ids, 'strategies')
    return [
      {
        code: 'RW490',
        severity: 'error',
        message: `The traffic is for strategy "${input.strategy}", which is not given, so every contact would fail.${near.hint}`,
        path: ['strategy'],
        ...(near.fix ? { fix: near.fix } : {}),
      },
    ]
  }
  const media = input.media ?? 'voice'
  const directory = input.directory
  const everyone = Object.keys(directory.agents ?? {})
  const takes = (agent: string) => agentCapacityOf(directory, agent).media.includes(media)
  const able = everyone.filter(takes)
  // only when nobody takes it: the hint reads every agent's media again
  const near = able.length === 0 ? mediaNobodyTakes(directory, media) : undefined
  if (near) {
    return [
      {
        code: 'RW491',
        severity: 'error',
        message: `No agent of the directory takes media "${media}", so no contact could ever be answered.${near.hint}`,
        path: ['interaction', 'media'],
        ...(near.fix ? { fix: near.fix } : {}),
      },
    ]
  }
  const loggedIn = new Set((input.agents ?? everyone).filter(takes))
  if (loggedIn.size === 0) {
    return [
      {
        code: 'RW492',
        severity: 'warning',
        message: `No logged-in agent takes media "${media}" (the directory has ${able.length === 1 ? 'one who does' : `${able.length} who do`}, e.g. "${able[0]}"): every contact waits until it abandons or leaves the strategy.`,
        path: ['interaction', 'media'],
      },
    ]
  }
  return emptyTargets(strategies, directory, loggedIn, media, input.startAt ?? DEFAULT_SIMULATION_START)
}

/**
 * When no agent of `directory` takes `media` (by capacity, as the router derives it): the nearest media they do take,
 * as a hint and a fix; undefined when one does. One check for a simulation's traffic and a test scenario's interaction.
 */
export function mediaNobodyTakes(
  directory: DirectoryDocument,
  media: string,
): { hint: string; fix?: NameFix } | undefined {
  const known = new Set(
    Object.keys(directory.agents ?? {}).flatMap((a) => agentCapacityOf(directory, a).media),
  )
  return known.has(media) ? undefined : nameHint(media, known, 'media')
}

/**
 * RW493: targets no logged-in agent who takes the media can answer: a group or queue with none, an agent who is not
 * logged in or does not take it, a skill expression none of them meets.
 */
function emptyTargets(
  strategies: readonly StrategyDocument[],
  directory: DirectoryDocument,
  loggedIn: ReadonlySet<string>,
  media: string,
  startAt: number,
): TrafficFinding[] {
  const staffed = new Set<string>()
  for (const agent of loggedIn)
    for (const group of directory.agents?.[agent]?.groups ?? []) staffed.add(group)
  const served = (kind: string, name: string) =>
    kind === 'group'
      ? staffed.has(name)
      : kind === 'queue'
        ? (directory.queues?.[name]?.groups ?? []).some((g) => staffed.has(g))
        : loggedIn.has(name)
  const out: TrafficFinding[] = []
  for (const strategy of strategies) {
    for (const [id, node] of Object.entries(strategy.nodes)) {
      const kind = kindOf(node)
      const found = (path: Path, what: string) => {
        out.push({
          code: 'RW493',
          severity: 'warning',
          message: `Node "${id}" of "${strategy.strategy}" targets ${what}`,
          path: ['nodes', id, ...path],
          strategy: strategy.strategy,
        })
        return out.length === MAX_TARGET_FINDINGS
      }
      for (const ref of kind.references?.(node) ?? []) {
        if (ref.kind !== 'group' && ref.kind !== 'queue' && ref.kind !== 'agent') continue
        if (served(ref.kind, ref.name)) continue
        // a name the directory lacks is validate's error (RW3xx); this is a name it has, with nobody to answer
        const known =
          ref.kind === 'group'
            ? directory.groups?.[ref.name]
            : ref.kind === 'queue'
              ? directory.queues?.[ref.name]
              : directory.agents?.[ref.name]
        if (!known) continue
        const what =
          ref.kind === 'agent'
            ? `agent "${ref.name}", who ${agentCapacityOf(directory, ref.name).media.includes(media) ? 'is not logged in' : `does not take media "${media}"`}: contacts sent there wait until they abandon or time out.`
            : `${ref.kind} "${ref.name}", where no logged-in agent takes media "${media}": contacts sent there wait until they abandon or time out.`
        if (found(ref.path, what)) return out
      }
      for (const expression of kind.expressions(node)) {
        if (expression.role !== 'skill') continue
        const compiled = compileRuntimeExpression(expression.source, 'skill', {
          document: strategy,
          directory,
        })
        // an expression that does not compile is validate's error, and routes to nobody already
        if ('error' in compiled) continue
        const meets = skillMatcher(compiled, () => startAt)
        const met = (agent: string) => {
          try {
            return meets(agentValues(agent, directory.agents?.[agent] ?? {}))
          } catch {
            return false
          }
        }
        if ([...loggedIn].some(met)) continue
        const away = Object.keys(directory.agents ?? {}).filter(
          (a) => !loggedIn.has(a) && agentCapacityOf(directory, a).media.includes(media) && met(a),
        )
        const why =
          away.length > 0
            ? `the directory has ${away.length === 1 ? 'one who does but is' : `${away.length} who do but are`} not logged in, e.g. "${away[0]}"`
            : `no agent of the directory who takes media "${media}" does: give an agent the skill, or loosen the expression`
        const what = `skill "${expression.source}", which no logged-in agent who takes media "${media}" meets (${why}): contacts sent there wait until they abandon or time out.`
        if (found(expression.path, what)) return out
      }
    }
  }
  return out
}
