// The target node: resolve targets to pools, select among ready agents, otherwise wait in the virtual queues
// with treatments, escalation steps on time, and the wait timeout.
import {
  parseDuration,
  type TargetNode,
  type TargetSpec,
  targetKindOf,
  targetNameOf,
} from '@routewright/strategy-dsl'
import { type AgentRecord, liveAgentValues } from './agents.ts'
import type { CompiledNode } from './compile.ts'
import type { Engine } from './engine.ts'
import type { ExpressionValues } from './expressions.ts'
import { evalExpr, toInt } from './node-run.ts'
import type { Frame, InteractionRun, WaitState } from './run.ts'
import { type SelectionTarget, selectAgent } from './selection.ts'
import { readStatistic } from './stat-reader.ts'
import { enqueue, repush, reserve, startWaitingTreatments } from './virtual-queue.ts'

/** Pools and directories this small are listed whole in explanations (who is not ready, who lacks skills). */
const SMALL = 32

const resolvedCache = new WeakMap<CompiledNode, Map<string, SelectionTarget | string>>()

/** The pool of one target spec, or why it does not resolve. Cached per node and path. */
function resolve(
  engine: Engine,
  node: CompiledNode,
  spec: TargetSpec,
  path: string,
): SelectionTarget | string {
  let cache = resolvedCache.get(node)
  if (!cache) {
    cache = new Map()
    resolvedCache.set(node, cache)
  }
  const hit = cache.get(path)
  if (hit !== undefined) return hit
  const dir = engine.directory.directory
  let result: SelectionTarget | string
  switch (targetKindOf(spec)) {
    case 'group': {
      const pool = engine.agents.groupPool(targetNameOf(spec))
      result = pool ? { pool, label: pool.key } : `Group "${targetNameOf(spec)}" is not in directory "${dir}"`
      break
    }
    case 'queue': {
      const pool = engine.agents.queuePool(targetNameOf(spec))
      result = pool ? { pool, label: pool.key } : `Queue "${targetNameOf(spec)}" is not in directory "${dir}"`
      break
    }
    case 'agent': {
      const pool = engine.agents.agentPool(targetNameOf(spec))
      result = pool ? { pool, label: pool.key } : `Agent "${targetNameOf(spec)}" is not in directory "${dir}"`
      break
    }
    case 'skill': {
      const expr = node.expressions.get(`${path}.skill`)
      if (!expr) {
        result = node.errors.get(`${path}.skill`) ?? `Skill expression at ${path} does not compile`
        break
      }
      const base: ExpressionValues = {
        data: {},
        variables: {},
        interaction: { ani: '', dnis: '', media: '', priority: 0, waited: 0 },
      }
      const hooks = {
        stat: () => {
          throw new Error('stat() is not available in skill expressions')
        },
        inHours: () => false,
        now: () => engine.clock.now(),
      }
      const pool = engine.agents.skillPool(
        expr.source,
        (agent) => expr.evaluate({ ...base, agent }, hooks) === true,
      )
      result = { pool, label: pool.key }
      break
    }
  }
  cache.set(path, result)
  return result
}

function resolveAll(
  engine: Engine,
  frame: Frame,
  node: CompiledNode,
  specs: readonly TargetSpec[],
  base: string,
): SelectionTarget[] {
  const out: SelectionTarget[] = []
  specs.forEach((spec, i) => {
    const r = resolve(engine, node, spec, `${base}.${i}`)
    if (typeof r === 'string')
      engine.trace(frame.run, { strategy: frame.strategy.id, node: node.id, kind: 'error', message: r })
    else if (!out.some((t) => t.pool === r.pool)) out.push(r)
  })
  return out
}

export function enterTarget(
  engine: Engine,
  frame: Frame,
  node: CompiledNode,
  n: TargetNode,
  evaluate: (key: string) => unknown,
): void {
  const run = frame.run
  if (n.priority !== undefined)
    run.priority = typeof n.priority === 'number' ? n.priority : toInt(evaluate('priority'), 'priority')
  const targets = resolveAll(engine, frame, node, n.targets, 'targets')
  if (targets.length === 0) {
    engine.nodeError(
      frame,
      node,
      `None of the targets of node "${node.id}" resolves in directory "${engine.directory.directory}"`,
    )
    return
  }
  const thresholdExpr = node.expressions.get('threshold')
  const threshold = thresholdExpr
    ? (agent: AgentRecord) => {
        const values = engine.valuesOf(frame)
        const occupancy = readStatistic(engine.stats, `agent:${agent.id}`, 'Occupancy', 'current')
        values.agent = liveAgentValues(
          agent,
          engine.clock.now(),
          occupancy.ok === true ? occupancy.reading.value : 0,
        )
        return thresholdExpr.evaluate(values, engine.hooksFor(frame, node)) === true
      }
    : undefined
  const wait: WaitState = {
    id: run.id,
    priority: run.priority,
    enqueuedAt: engine.clock.now(),
    seq: engine.waitSeq++,
    generation: 0,
    waiting: false,
    frame,
    node,
    targets,
    threshold,
    treatmentIndex: 0,
    cycleStartedAt: engine.clock.now(),
    treatmentsActive: false,
    timedOut: false,
  }
  run.wait = wait
  frame.waitingFor = 'target'
  if (trySelect(engine, run, 'arrival')) return
  if (run.finished || run.wait !== wait) return
  enqueue(engine, run)
  if (!run.finished) startWaitingTreatments(engine, run)
}

/** Selects among ready agents for a waiting interaction; reserves the winner. True when it reserved or failed. */
export function trySelect(engine: Engine, run: InteractionRun, why: string): boolean {
  const wait = run.wait
  if (!wait || run.finished) return false
  const n = wait.node.node as TargetNode
  const result = selectAgent({
    node: wait.node.id,
    targets: wait.targets,
    media: run.media,
    rule: n.pick,
    now: engine.clock.now(),
    threshold: wait.threshold,
    agentStat: (agent, statistic) => {
      const r = readStatistic(engine.stats, `agent:${agent.id}`, statistic, 'current')
      return r.ok === true ? r.reading.value : undefined
    },
    random: engine.random,
    cursors: engine.cursors,
    limit: engine.limits.explainCandidates,
    listAllBelow: SMALL,
    everyone: engine.agents.agents.size <= SMALL ? [...engine.agents.agents.values()] : undefined,
  })
  const frame = wait.frame
  engine.trace(run, {
    strategy: frame.strategy.id,
    node: wait.node.id,
    kind: 'selection',
    name: why,
    value: result.explanation,
    ...(result.winner ? {} : { message: result.error ?? result.explanation.reason }),
  })
  run.lastExplanation = result.explanation
  if (result.error) {
    engine.nodeError(frame, wait.node, result.error)
    return true
  }
  if (!result.winner) return false
  if (n.pick === 'round-robin') engine.cursors.set(wait.node.id, result.winner.agent.index)
  reserve(engine, run, result.winner.agent, result.winner.target, result.explanation)
  return true
}

export function onTargetTimer(
  engine: Engine,
  frame: Frame,
  node: CompiledNode,
  n: TargetNode,
  delay: number,
): void {
  const run = frame.run
  const wait = run.wait
  if (!wait || wait.frame !== frame || wait.node !== node) return
  const steps = (n.escalate ?? [])
    .map((step, i) => ({ step, i }))
    .filter(({ step }) => parseDuration(step.after) === delay)
  for (const { step, i } of steps) escalate(engine, run, wait, step, i)
  if (n.wait !== undefined && parseDuration(n.wait) === delay && !run.finished && run.wait === wait) {
    if (run.reservation) {
      wait.timedOut = true
      return
    }
    timeOut(engine, run, wait)
  }
}

export function timeOut(engine: Engine, run: InteractionRun, wait: WaitState): void {
  engine.leaveQueue(run)
  run.wait = undefined
  wait.frame.waitingFor = undefined
  engine.emit(run, { type: 'timeout', node: wait.node.id })
  engine.takeOutput(wait.frame, wait.node, 'timeout')
}

function escalate(
  engine: Engine,
  run: InteractionRun,
  wait: WaitState,
  step: NonNullable<TargetNode['escalate']>[number],
  i: number,
): void {
  const frame = wait.frame
  const node = wait.node
  try {
    if (step.replace) wait.targets = resolveAll(engine, frame, node, step.replace, `escalate.${i}.replace`)
    if (step.add) {
      for (const t of resolveAll(engine, frame, node, step.add, `escalate.${i}.add`)) {
        if (!wait.targets.some((x) => x.pool === t.pool)) wait.targets.push(t)
      }
    }
    if (step.priority !== undefined) {
      run.priority =
        typeof step.priority === 'number'
          ? step.priority
          : toInt(evalExpr(engine, frame, node, node.expressions.get(`escalate.${i}.priority`)!), 'priority')
    }
    if (step.raise !== undefined) run.priority += step.raise
  } catch (error) {
    engine.trace(run, {
      strategy: frame.strategy.id,
      node: node.id,
      kind: 'error',
      message: `Escalation step ${i + 1}: ${String(error)}`,
    })
  }
  wait.priority = run.priority
  engine.trace(run, {
    strategy: frame.strategy.id,
    node: node.id,
    kind: 'value',
    name: `escalation ${i + 1}`,
    value: { priority: run.priority, targets: wait.targets.map((t) => t.label) },
  })
  if (wait.waiting) {
    repush(engine, run)
    trySelect(engine, run, `escalation ${i + 1}`)
  }
}
