// pure: the words of findings about which strategy an id names, one builder for validate, serve and the editor.
import type { Range } from '../diagnostics.ts'
import { formatPlace } from '../parse/report.ts'

/** Where the strategies a document was checked against came from: the files given (`validate`) or the workspace (editor). */
export type StrategiesFrom = 'files given' | 'workspace'

/**
 * RW094: `other` (a display path) already declares `id`, at `at` (the range of its `strategy:` value) when known:
 * `flows/a.strategy.yaml:1:11`, so validate, serve and the editor all point at the other copy the same way.
 */
export function duplicateStrategyMessage(id: string, other: string, at?: Range): string {
  return `Strategy id "${id}" is also used by ${formatPlace(other, at)}; give each strategy its own id so calls and tests find the right one`
}

/** RW301 / RW319: node `node` names strategy `id`, which none of the strategies `from` declares. */
export function missingStrategyMessage(
  node: string,
  verb: 'calls' | 'hands over to',
  id: string,
  from: StrategiesFrom | undefined,
  hint: string,
): string {
  return `Node "${node}" ${verb} strategy "${id}", ${notAmong(from)}.${hint}`
}

/** RW464: a test file's `tests` names a strategy none of the strategies `from` declares. */
export function untestedStrategyMessage(id: string, from: StrategiesFrom | undefined, hint: string): string {
  return `tests names strategy "${id}", ${notAmong(from)}.${hint}`
}

/** RW464 for a strategy whose file exists but does not parse: fix it, not the id. */
export function brokenStrategyMessage(id: string, file: string): string {
  return `tests names strategy "${id}" (${file}), which has errors; fix them first, then the scenarios are checked against it.`
}

function notAmong(from: StrategiesFrom | undefined): string {
  return from === 'workspace'
    ? 'which no strategy of this workspace declares'
    : 'which is not among the strategies given'
}
