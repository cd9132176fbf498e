// A strategy's version for the history: a content hash of its document, so a report can tell two edits apart.
import { createHash } from 'node:crypto'
import { codeUnitOrder, type StrategyDocument } from '@routewright/strategy-dsl'

/** JSON with object keys sorted, so the same document always hashes the same whatever its key order. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => codeUnitOrder(a, b))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

/** sha-256 of the document's canonical JSON, first 16 hex digits. */
export function strategyVersion(document: StrategyDocument): string {
  return createHash('sha256').update(stableJson(document)).digest('hex').slice(0, 16)
}

/** Versions by strategy id for a router's strategies, computed once. */
export function strategyVersions(
  strategies: readonly StrategyDocument[] | ReadonlyMap<string, StrategyDocument>,
): Map<string, string> {
  const list = Array.isArray(strategies)
    ? (strategies as readonly StrategyDocument[])
    : [...(strategies as ReadonlyMap<string, StrategyDocument>).values()]
  return new Map(list.map((document) => [document.strategy, strategyVersion(document)]))
}
