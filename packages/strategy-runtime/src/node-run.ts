// What each node kind does when an interaction enters it. Instant nodes choose an output now; waiting nodes
// start something (a treatment, a host call, a subroutine) and choose later.
import { assertNever, describeTreatment, type StrategyNode } from '@routewright/strategy-dsl'
import { scheduleStatus } from './calendar.ts'
import type { CompiledNode } from './compile.ts'
import type { Engine } from './engine.ts'
import type { RuntimeExpression } from './expressions.ts'
import { runSubroutine, subroutineReturned } from './node-subroutine.ts'
import type { Frame } from './run.ts'
import { message, type StatResult } from './stat-reader.ts'
import { enterTarget, onTargetTimer } from './target-node.ts'
import { coerce } from './values.ts'

type NodeOf<T extends StrategyNode['type']> = Extract<StrategyNode, { type: T }>

export function runNode(engine: Engine, frame: Frame, node: CompiledNode): void {
  const [firstError] = node.errors
  if (firstError) {
    engine.nodeError(frame, node, `Expression at ${firstError[0]} does not compile: ${firstError[1]}`)
    return
  }
  engine.prefetch(frame, node, (stats) => {
    try {
      dispatch(engine, frame, node, stats)
    } catch (error) {
      engine.nodeError(frame, node, message(error))
    }
  })
}

function dispatch(engine: Engine, frame: Frame, node: CompiledNode, stats: Map<string, StatResult>): void {
  const n = node.node
  const evaluate = (key: string): unknown => {
    const expr = node.expressions.get(key)
    if (!expr) throw new Error(`No expression at ${key}`)
    return evalExpr(engine, frame, node, expr, stats)
  }
  switch (n.type) {
    case 'switch': {
      const index = n.cases.findIndex((_, i) => evaluate(`cases.${i}.when`) === true)
      const output = index < 0 ? 'default' : (n.cases[index]?.label ?? `case ${index + 1}`)
      engine.trace(frame.run, {
        strategy: frame.strategy.id,
        node: node.id,
        kind: 'value',
        name: 'case',
        value: output,
      })
      engine.takeOutput(frame, node, output)
      return
    }
    case 'assign': {
      for (const name of Object.keys(n.set)) {
        const value = evaluate(`set.${name}`)
        const type = frame.strategy.document.variables?.[name]?.type
        const checked = coerce(value, type)
        if ('error' in checked) throw new Error(`Variable "${name}": ${checked.error}`)
        frame.variables[name] = checked.value
        engine.trace(frame.run, {
          strategy: frame.strategy.id,
          node: node.id,
          kind: 'value',
          name,
          value: checked.value,
        })
      }
      engine.takeOutput(frame, node, 'next')
      return
    }
    case 'attach': {
      const run = frame.run
      for (const key of Object.keys(n.set ?? {})) {
        const value = evaluate(`set.${key}`)
        run.data[key] = value
        engine.trace(run, {
          strategy: frame.strategy.id,
          node: node.id,
          kind: 'value',
          name: `data.${key}`,
          value,
        })
      }
      for (const key of n.remove ?? []) delete run.data[key]
      engine.emit(run, { type: 'data-attached', node: node.id, data: { ...run.data } })
      engine.takeOutput(frame, node, 'next')
      return
    }
    case 'schedule':
      runSchedule(engine, frame, node, n)
      return
    case 'split': {
      const total = n.branches.reduce((sum, b) => sum + b.weight, 0)
      const draw = engine.random.next() * total
      let acc = 0
      let chosen = n.branches.length - 1
      for (let i = 0; i < n.branches.length; i++) {
        acc += n.branches[i]!.weight
        if (draw < acc) {
          chosen = i
          break
        }
      }
      const branch = n.branches[chosen]!
      const output = branch.label ?? `${branch.weight}%`
      engine.trace(frame.run, {
        strategy: frame.strategy.id,
        node: node.id,
        kind: 'value',
        name: 'draw',
        value: draw,
      })
      engine.takeOutput(frame, node, output)
      return
    }
    case 'queue-priority': {
      const run = frame.run
      if (n.raise !== undefined) run.priority += n.raise
      else run.priority = typeof n.set === 'number' ? n.set : toInt(evaluate('set'), 'priority')
      engine.trace(run, {
        strategy: frame.strategy.id,
        node: node.id,
        kind: 'value',
        name: 'priority',
        value: run.priority,
      })
      engine.takeOutput(frame, node, 'next')
      return
    }
    case 'target':
      enterTarget(engine, frame, node, n, (key) => evaluate(key))
      return
    case 'treatment':
      startTreatment(engine, frame, node, n)
      return
    case 'wait':
      frame.waitingFor = 'wait'
      return
    case 'function':
      callFunction(engine, frame, node, n, (key) => evaluate(key))
      return
    case 'subroutine':
      runSubroutine(engine, frame, node, n, (key) => evaluate(key))
      return
    case 'route':
      route(engine, frame, node, n, (key) => evaluate(key))
      return
    case 'end':
      end(engine, frame, node, n, (key) => evaluate(key))
      return
    default:
      assertNever(n, 'node type')
  }
}

export function evalExpr(
  engine: Engine,
  frame: Frame,
  node: CompiledNode,
  expr: RuntimeExpression,
  stats?: Map<string, StatResult>,
): unknown {
  const values = engine.valuesOf(frame)
  try {
    return expr.evaluate(values, engine.hooksFor(frame, node, stats))
  } catch (error) {
    throw new Error(`Expression "${expr.source}" failed: ${message(error)}`)
  }
}

export function toInt(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new Error(`${what} must be a number, got ${String(value)}`)
  return Math.trunc(value)
}

function runSchedule(engine: Engine, frame: Frame, node: CompiledNode, n: NodeOf<'schedule'>): void {
  const calendar = typeof n.calendar === 'string' ? engine.directory.calendars?.[n.calendar] : n.calendar
  if (!calendar) {
    engine.nodeError(
      frame,
      node,
      `Calendar "${String(n.calendar)}" is not in directory "${engine.directory.directory}"`,
    )
    return
  }
  let status: ReturnType<typeof scheduleStatus>
  try {
    status = scheduleStatus(calendar, engine.clock.now())
  } catch (error) {
    engine.nodeError(
      frame,
      node,
      `Calendar time zone "${calendar.timezone}" is not usable: ${message(error)}`,
    )
    return
  }
  engine.trace(frame.run, {
    strategy: frame.strategy.id,
    node: node.id,
    kind: 'value',
    name: 'schedule',
    value: status,
  })
  const output = status === 'holiday' && n.next?.holiday === undefined ? 'closed' : status
  engine.takeOutput(frame, node, output)
}

function startTreatment(engine: Engine, frame: Frame, node: CompiledNode, n: NodeOf<'treatment'>): void {
  const run = frame.run
  const { next: _next, type: _type, title: _title, notes: _notes, ...treatment } = n
  const description = describeTreatment(n)
  frame.waitingFor = 'treatment'
  run.treatmentFrame = { frame, token: frame.token, collect: n.collect !== undefined }
  run.treatments.push(description)
  engine.trace(run, { strategy: frame.strategy.id, node: node.id, kind: 'treatment', name: description })
  engine.emit(run, { type: 'treatment', node: node.id, treatment, description })
}

/** The host finished a treatment node's treatment. */
export function treatmentNodeDone(
  engine: Engine,
  frame: Frame,
  result: { digits?: string } | { error: string },
): void {
  const node = frame.node
  const n = node?.node
  if (!node || n?.type !== 'treatment') return
  frame.waitingFor = undefined
  if ('error' in result) {
    engine.nodeError(frame, node, `Treatment failed: ${result.error}`)
    return
  }
  if (n.collect) {
    const digits = result.digits ?? ''
    const min = n.collect.min ?? 1
    if (digits.length < min) {
      engine.trace(frame.run, {
        strategy: frame.strategy.id,
        node: node.id,
        kind: 'value',
        name: n.collect.into,
        value: digits,
        message: `fewer than ${min} digits`,
      })
      engine.takeOutput(frame, node, node.outputs.has('timeout') ? 'timeout' : 'error')
      return
    }
    const value = digits.slice(0, n.collect.max ?? 64)
    frame.variables[n.collect.into] = value
    engine.trace(frame.run, {
      strategy: frame.strategy.id,
      node: node.id,
      kind: 'value',
      name: n.collect.into,
      value,
    })
  }
  engine.takeOutput(frame, node, 'done')
}

function callFunction(
  engine: Engine,
  frame: Frame,
  node: CompiledNode,
  n: NodeOf<'function'>,
  evaluate: (key: string) => unknown,
): void {
  const fn = engine.functions[n.call]
  if (!fn) {
    engine.nodeError(frame, node, `No host function "${n.call}" is registered with the router`)
    return
  }
  const args = (n.args ?? []).map((_, i) => evaluate(`args.${i}`))
  const timeoutMs = node.delays[0] ?? engine.limits.functionTimeoutMs
  const token = frame.token
  const settle = (value: unknown) => {
    if (frame.token !== token || frame.run.finished || frame.waitingFor !== 'function') return
    frame.waitingFor = undefined
    if (n.into !== undefined) {
      const checked = coerce(value, frame.strategy.document.variables?.[n.into]?.type)
      if ('error' in checked) {
        engine.nodeError(
          frame,
          node,
          `Function "${n.call}" returned a value that does not fit "${n.into}": ${checked.error}`,
        )
        return
      }
      frame.variables[n.into] = checked.value
    }
    engine.trace(frame.run, {
      strategy: frame.strategy.id,
      node: node.id,
      kind: 'value',
      name: n.into ?? n.call,
      value,
    })
    engine.takeOutput(frame, node, 'done')
  }
  const reject = (error: unknown) => {
    if (frame.token !== token || frame.run.finished || frame.waitingFor !== 'function') return
    frame.waitingFor = undefined
    engine.nodeError(frame, node, `Function "${n.call}" threw: ${message(error)}`)
  }
  frame.waitingFor = 'function'
  let result: unknown
  try {
    result = fn(args, { interaction: frame.run.id, timeoutMs })
  } catch (error) {
    reject(error)
    return
  }
  if (
    result !== null &&
    typeof result === 'object' &&
    typeof (result as PromiseLike<unknown>).then === 'function'
  ) {
    ;(result as PromiseLike<unknown>).then(settle, reject)
    return
  }
  settle(result)
}

function route(
  engine: Engine,
  frame: Frame,
  node: CompiledNode,
  n: NodeOf<'route'>,
  evaluate: (key: string) => unknown,
): void {
  const run = frame.run
  if (n.destination !== undefined) {
    const dest = engine.directory.destinations?.[n.destination]
    if (!dest) {
      engine.fail(
        run,
        `Destination "${n.destination}" is not in directory "${engine.directory.directory}"`,
        node.id,
      )
      return
    }
    engine.finish(run, 'route', {
      destination: n.destination,
      node: node.id,
      reason: `${dest.type} ${dest.address}`,
    })
    return
  }
  if (n.number !== undefined) {
    const number = String(evaluate('number'))
    engine.finish(run, 'route', { destination: number, node: node.id })
    return
  }
  const next = engine.strategies.get(n.strategy ?? '')
  if (!next) {
    engine.fail(run, `Strategy "${n.strategy}" to route to is not loaded in the router`, node.id)
    return
  }
  // the other strategy takes over the interaction: this one ends, the new one starts from its start node
  engine.trace(run, { strategy: frame.strategy.id, node: node.id, kind: 'exit', name: `strategy ${next.id}` })
  for (const f of run.frames) f.out = '__end'
  run.frames = []
  run.strategy = next.id
  engine.startFrame(run, next, undefined)
}

function end(
  engine: Engine,
  frame: Frame,
  node: CompiledNode,
  n: NodeOf<'end'>,
  evaluate: (key: string) => unknown,
): void {
  const values: Record<string, unknown> = {}
  for (const name of Object.keys(n.values ?? {})) values[name] = evaluate(`values.${name}`)
  const reason = n.reason
  if (n.outcome === 'return' && frame.parent) {
    frame.returned = values
    frame.out = '__end'
    subroutineReturned(engine, frame)
    return
  }
  engine.finish(frame.run, n.outcome, {
    node: node.id,
    ...(reason !== undefined ? { reason } : {}),
    ...(n.outcome === 'return' ? { values } : {}),
  })
}

export function onNodeTimer(engine: Engine, frame: Frame, node: CompiledNode, delay: number): void {
  const n = node.node
  switch (n.type) {
    case 'wait':
      frame.waitingFor = undefined
      engine.takeOutput(frame, node, 'next')
      return
    case 'target':
      onTargetTimer(engine, frame, node, n, delay)
      return
    case 'treatment':
      if (frame.waitingFor !== 'treatment') return
      frame.waitingFor = undefined
      frame.run.treatmentFrame = undefined
      engine.trace(frame.run, {
        strategy: frame.strategy.id,
        node: node.id,
        kind: 'error',
        message: 'No digits before the timeout',
      })
      engine.takeOutput(frame, node, 'timeout')
      return
    case 'function':
      if (frame.waitingFor !== 'function') return
      frame.waitingFor = undefined
      engine.trace(frame.run, {
        strategy: frame.strategy.id,
        node: node.id,
        kind: 'error',
        message: `Function "${n.call}" did not answer within ${delay} ms`,
      })
      engine.takeOutput(frame, node, node.outputs.get('timeout') !== undefined ? 'timeout' : 'error')
      return
    default:
      return
  }
}
