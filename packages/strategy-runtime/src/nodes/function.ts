// The function node: calls a host function (sync or promise), stores its answer, `done`; a throw, a value that
// does not fit or no answer in time takes the error (or timeout) path.
import type { FunctionNode } from '@routewright/strategy-dsl'
import { overDataLimits } from '../engine/data-budget.ts'
import type { NodeBehaviour } from '../engine/port.ts'
import { coerce, writableValues } from '../engine/values.ts'
import { message } from '../stats/stat-reader.ts'

export const functionNode: NodeBehaviour<FunctionNode> = {
  run(port, frame, node, stats) {
    const n = node.node
    // own entries only: `toString` or `constructor` declared in the directory is not Object.prototype's
    const fn = Object.hasOwn(port.functions, n.call) ? port.functions[n.call] : undefined
    if (!fn) {
      port.nodeError(frame, node, `No host function "${n.call}" is registered with the router`)
      return
    }
    const args = (n.args ?? []).map((_, i) => port.evaluate(frame, node, `args.${i}`, stats))
    const timeoutMs = node.delays[0] ?? port.limits.functionTimeoutMs
    const token = frame.token
    const current = () => frame.token === token && !frame.run.finished && frame.waitingFor === 'function'
    const settle = (value: unknown) => {
      if (!current()) return
      frame.waitingFor = undefined
      // the answer is kept in a variable, the trace and snapshots: host data, with the same budget as attached data
      const tooMuch = overDataLimits(
        value,
        port.limits,
        `The answer of function "${n.call}"`,
        n.into ?? 'answer',
      )
      if (tooMuch !== undefined) {
        port.nodeError(frame, node, tooMuch)
        return
      }
      if (n.into !== undefined) {
        const checked = coerce(value, frame.compiled.document.variables?.[n.into]?.type)
        if ('error' in checked) {
          port.nodeError(
            frame,
            node,
            `Function "${n.call}" returned a value that does not fit "${n.into}": ${checked.error}`,
          )
          return
        }
        frame.variables = writableValues(frame.variables)
        frame.variables[n.into] = checked.value
      }
      port.trace(frame.run, {
        strategy: frame.strategy,
        node: node.id,
        kind: 'value',
        name: n.into ?? n.call,
        value,
      })
      port.takeOutput(frame, node, 'done')
    }
    const reject = (error: unknown) => {
      if (!current()) return
      frame.waitingFor = undefined
      port.nodeError(frame, node, `Function "${n.call}" threw: ${message(error)}`)
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
      try {
        ;(result as PromiseLike<unknown>).then(settle, reject)
      } catch (error) {
        reject(error) // a thenable whose then throws: the function's fault, named as such
      }
      return
    }
    settle(result)
  },
  onTimer(port, frame, node, delay) {
    if (frame.waitingFor !== 'function') return
    frame.waitingFor = undefined
    port.trace(frame.run, {
      strategy: frame.strategy,
      node: node.id,
      kind: 'error',
      message: `Function "${node.node.call}" did not answer within ${delay} ms`,
    })
    port.takeOutput(frame, node, node.outputs.get('timeout') !== undefined ? 'timeout' : 'error')
  },
}
