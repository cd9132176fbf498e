import type { DirectoryDocument, Path, StrategyDocument, StrategyNode } from '@routewright/strategy-dsl'

/** What every kind form gets: the node, a setter by path (undefined removes) and what to offer in pickers. */
export interface FormProps<TNode extends StrategyNode = StrategyNode> {
  id: string
  node: TNode
  set: (path: Path, value: unknown) => void
  document: StrategyDocument
  directory: DirectoryDocument | undefined
}

/** Names the directory offers, for suggestions in target, calendar and function pickers. */
export function directoryNames(directory: DirectoryDocument | undefined) {
  return {
    agent: Object.keys(directory?.agents ?? {}),
    group: Object.keys(directory?.groups ?? {}),
    queue: Object.keys(directory?.queues ?? {}),
    calendar: Object.keys(directory?.calendars ?? {}),
    destination: Object.keys(directory?.destinations ?? {}),
    function: Object.keys(directory?.functions ?? {}),
  }
}

/** Variable names a node may write into (assign, function into, collect into). */
export function variableNames(document: StrategyDocument): string[] {
  return Object.keys(document.variables ?? {})
}
