import type {
  DirectoryDocument,
  Path,
  StrategyDocument,
  StrategyNode,
  TargetKind,
  TargetSpec,
} from '@routewright/strategy-dsl'

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

/** Skill expression a new skill target starts with: valid CEL that reads as an example to edit. */
export const DEFAULT_SKILL_EXPRESSION = 'skills.support >= 1'

/**
 * A target of `kind` that the format accepts: the directory's first name of that kind (skipping `avoid`), else a
 * visible draft name the validator flags until the directory has it. Never an empty name.
 */
export function defaultTarget(
  kind: TargetKind,
  directory: DirectoryDocument | undefined,
  avoid: readonly TargetSpec[] = [],
): TargetSpec {
  if (kind === 'skill') return { skill: DEFAULT_SKILL_EXPRESSION }
  const taken = new Set(avoid.map((t) => (kind in t ? (t as Record<string, unknown>)[kind] : undefined)))
  const names = directoryNames(directory)[kind]
  const name = names.find((n) => !taken.has(n)) ?? names[0] ?? `new-${kind}`
  return { [kind]: name } as TargetSpec
}
