// Target specs of a target node resolved to pools (group, queue, one agent, skill expression), cached per node
// and path; and the node's threshold as a test of one agent.
import { type TargetSpec, targetKindOf, targetNameOf } from '@routewright/strategy-dsl'
import type { CompiledNode } from '../engine/compile.ts'
import type { EnginePort } from '../engine/port.ts'
import type { Frame } from '../engine/run.ts'
import { type AgentRecord, liveAgentValues } from '../selection/agents.ts'
import type { SelectionTarget } from '../selection/select.ts'
import { skillMatcher } from '../selection/skill-matcher.ts'
import { readStatistic } from '../stats/stat-reader.ts'
import { append } from '../util/small-array.ts'

const resolvedCache = new WeakMap<CompiledNode, Map<string, SelectionTarget | string>>()

/** The spec at `path` in the node (`targets.0`, `escalate.1.add.0`). */
export function specAt(node: CompiledNode, path: string): TargetSpec | undefined {
  let at: unknown = node.node
  for (const part of path.split('.')) at = (at as Record<string, unknown> | undefined)?.[part]
  return at as TargetSpec | undefined
}

/** The pool of one target spec, or why it does not resolve. */
export function resolveTarget(port: EnginePort, node: CompiledNode, path: string): SelectionTarget | string {
  let cache = resolvedCache.get(node)
  if (!cache) {
    cache = new Map()
    resolvedCache.set(node, cache)
  }
  const hit = cache.get(path)
  if (hit !== undefined) return hit
  const spec = specAt(node, path)
  const result = spec ? resolveSpec(port, node, spec, path) : `Node "${node.id}" has no target at ${path}`
  cache.set(path, result)
  return result
}

function resolveSpec(
  port: EnginePort,
  node: CompiledNode,
  spec: TargetSpec,
  path: string,
): SelectionTarget | string {
  const dir = port.directory.directory
  const name = targetNameOf(spec)
  const agents = port.agents
  const kind = targetKindOf(spec)
  switch (kind) {
    case 'group': {
      const pool = agents.groupPool(name)
      return pool ? { pool, label: pool.key } : `Group "${name}" is not in directory "${dir}"`
    }
    case 'queue': {
      const pool = agents.queuePool(name)
      return pool ? { pool, label: pool.key } : `Queue "${name}" is not in directory "${dir}"`
    }
    case 'agent': {
      const pool = agents.agentPool(name)
      return pool ? { pool, label: pool.key } : `Agent "${name}" is not in directory "${dir}"`
    }
    case 'skill': {
      const expr = node.expressions.get(`${path}.skill`)
      if (!expr) return node.errors.get(`${path}.skill`) ?? `Skill expression at ${path} does not compile`
      const pool = agents.skillPool(
        expr.source,
        skillMatcher(expr, () => port.clock.now()),
      )
      return { pool, label: pool.key }
    }
    default:
      return `Unknown target kind "${String(kind)}"`
  }
}

/** Resolves the specs at `paths`, tracing those that do not resolve; one target per pool. */
export function resolveAll(
  port: EnginePort,
  frame: Frame,
  node: CompiledNode,
  paths: readonly string[],
): { targets: SelectionTarget[]; paths: string[] } {
  let targets: SelectionTarget[] = []
  let kept: string[] = []
  for (const path of paths) {
    const r = resolveTarget(port, node, path)
    if (typeof r === 'string')
      port.trace(frame.run, { strategy: frame.strategy, node: node.id, kind: 'error', message: r })
    else if (!targets.some((t) => t.pool === r.pool)) {
      targets = append(targets, r)
      kept = append(kept, path)
    }
  }
  return { targets, paths: kept }
}

const ownTargets = new WeakMap<CompiledNode, { targets: SelectionTarget[]; paths: string[] }>()

/**
 * The node's own `targets` resolved. When every one resolves to its own pool the lists are kept and shared by every
 * interaction that waits at the node (so they are never changed in place: escalation assigns new lists).
 */
export function resolveOwnTargets(
  port: EnginePort,
  frame: Frame,
  node: CompiledNode,
  specs: readonly unknown[],
): { targets: SelectionTarget[]; paths: string[] } {
  const hit = ownTargets.get(node)
  if (hit) return hit
  const resolved = resolveAll(port, frame, node, pathsOf('targets', specs))
  if (resolved.paths.length === specs.length) ownTargets.set(node, resolved)
  return resolved
}

/** `base.0`, `base.1` ... for a list of specs. */
export function pathsOf(base: string, specs: readonly unknown[] | undefined): string[] {
  return (specs ?? []).map((_, i) => `${base}.${i}`)
}

/** The node's threshold as a test of one candidate agent, or undefined when it has none. */
export function thresholdOf(
  port: EnginePort,
  frame: Frame,
  node: CompiledNode,
): ((agent: AgentRecord) => boolean) | undefined {
  const expr = node.expressions.get('threshold')
  if (!expr) return undefined
  return (agent) => {
    const values = port.valuesOf(frame)
    const occupancy = readStatistic(port.stats, `agent:${agent.id}`, 'Occupancy', 'current')
    values.agent = liveAgentValues(
      agent,
      frame.run.media,
      port.clock.now(),
      occupancy.ok === true ? occupancy.reading.value : 0,
    )
    return expr.evaluate(values, port.hooksFor(frame, node)) === true
  }
}
