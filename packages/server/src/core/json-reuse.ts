// JSON texts of a routed decision's explanation, made once: the explanation is written into the routed event, the
// interaction's record at each change, its trace's selection entry and its closed view (six times per interaction
// committed to Redis, about 0.8 KB each), always the same object, never changed once the router emitted it.
import type { TraceEntry } from '@routewright/strategy-runtime'

const made = new WeakMap<object, string>()

/** JSON.stringify(value) of a value never changed once made, made once per value (kept while the value lives). */
export function jsonOnce(value: object): string {
  let text = made.get(value)
  if (text === undefined) {
    text = JSON.stringify(value)
    made.set(value, text)
  }
  return text
}

/**
 * JSON.stringify(value) with some of its keys written from JSON texts made already (`parts`, by key): the same
 * text, in the same key order. The other keys are written by JSON.stringify itself.
 */
export function jsonWith(value: object, parts: ReadonlyMap<string, string>): string {
  let text = ''
  let plain: Record<string, unknown> | undefined
  const flush = () => {
    if (!plain) return
    const inner = JSON.stringify(plain).slice(1, -1)
    if (inner !== '') text += text === '' ? inner : `,${inner}`
    plain = undefined
  }
  for (const key of Object.keys(value)) {
    const part = parts.get(key)
    if (part === undefined) {
      plain ??= {}
      plain[key] = (value as Record<string, unknown>)[key]
      continue
    }
    flush()
    text += `${text === '' ? '' : ','}${JSON.stringify(key)}:${part}`
  }
  flush()
  return `{${text}}`
}

const isObject = (value: unknown): value is object => typeof value === 'object' && value !== null

/** JSON.stringify(trace), each selection entry's explanation written from jsonOnce (the routed event's object). */
export function jsonTrace(trace: readonly TraceEntry[]): string {
  let text = '['
  for (let i = 0; i < trace.length; i++) {
    const entry: TraceEntry | undefined = trace[i]
    if (i > 0) text += ','
    text +=
      entry?.kind === 'selection' && isObject(entry.value)
        ? jsonWith(entry, new Map([['value', jsonOnce(entry.value)]]))
        : // as JSON.stringify writes a hole or an undefined in an array
          (JSON.stringify(entry) ?? 'null')
  }
  return `${text}]`
}

/**
 * JSON.stringify(value) of an event, a record or a view: its `explanation` from jsonOnce and its `trace` (a view's)
 * through jsonTrace.
 */
export function jsonExplained(value: object): string {
  const { explanation, trace } = value as { explanation?: unknown; trace?: unknown }
  const parts = new Map<string, string>()
  if (isObject(explanation)) parts.set('explanation', jsonOnce(explanation))
  if (Array.isArray(trace)) parts.set('trace', jsonTrace(trace as TraceEntry[]))
  return parts.size === 0 ? JSON.stringify(value) : jsonWith(value, parts)
}
