// pure: every use of a named object across a workspace's strategies and directory, with where it is written.
import type { Range, SourceLocator } from '../diagnostics.ts'
import type { DirectoryDocument } from '../directory.ts'
import type { StrategyDocument } from '../document.ts'
import { compileExpression, isCompiled } from '../expressions/compile.ts'
import type { Path, ReferenceKind } from '../nodes/kind.ts'
import { kindOf } from '../nodes/registry.ts'

/** A parsed workspace file; the locator (from the parse) gives each use its line and column. */
export interface UsageFile<TDocument> {
  file: string
  document: TDocument
  locator?: SourceLocator
}

export interface UsageWorkspace {
  strategies: readonly UsageFile<StrategyDocument>[]
  directory?: UsageFile<DirectoryDocument> | undefined
}

/** One place a name is used (or declared), from the outside in: file, strategy, node, field path, range. */
export interface Use {
  kind: ReferenceKind
  /** Strategy inputs are named `data.<key>`, as expressions read them. */
  name: string
  /** How it is used, in a few words: `target`, `calls`, `reads`, `writes`, `declared` ... */
  use: string
  file: string
  strategy?: string
  node?: string
  /** The full path in the file: `['nodes', 'vip', 'targets', 0, 'group']`. */
  path: Path
  range?: Range
}

/** The statistic subjects an expression may name, and the directory kind each is. */
const SUBJECT_KINDS: Record<string, ReferenceKind> = { group: 'group', queue: 'queue', agent: 'agent' }

function located(file: UsageFile<unknown>, use: Omit<Use, 'file' | 'range'>, atKey = false): Use {
  const range = atKey ? file.locator?.keyRangeOf(use.path) : file.locator?.rangeOf(use.path)
  return range === undefined ? { ...use, file: file.file } : { ...use, file: file.file, range }
}

/** The uses in one strategy: the names its nodes' fields give, and the names its expressions read (CEL parse). */
export function strategyUses(file: UsageFile<StrategyDocument>, directory?: DirectoryDocument): Use[] {
  const document = file.document
  const strategy = document.strategy
  const variables = document.variables ?? {}
  const out: Use[] = []
  for (const [node, value] of Object.entries(document.nodes)) {
    const kind = kindOf(value)
    for (const ref of kind.references?.(value) ?? []) {
      const path = ['nodes', node, ...ref.path]
      out.push(
        located(file, { kind: ref.kind, name: ref.name, use: ref.use, strategy, node, path }, ref.atKey),
      )
    }
    for (const expression of kind.expressions(value)) {
      const compiled = compileExpression(expression.source, {
        document,
        role: expression.role,
        ...(directory ? { directory } : {}),
      })
      // an expression that does not compile is the validator's to report; it reads nothing we can name
      if (!isCompiled(compiled)) continue
      const path = ['nodes', node, ...expression.path]
      const add = (kind: ReferenceKind, name: string, use: string) =>
        out.push(located(file, { kind, name, use, strategy, node, path }))
      const { identifiers, dataKeys, skills } = compiled.reads
      for (const name of new Set(identifiers))
        if (Object.hasOwn(variables, name)) add('variable', name, 'reads')
      for (const key of new Set(dataKeys ?? [])) add('variable', `data.${key}`, 'reads')
      for (const skill of new Set(skills ?? [])) add('skill', skill, 'reads level')
      for (const ref of compiled.statRefs) {
        const [subject, name] = ref.subject.split(':')
        const kind = SUBJECT_KINDS[subject ?? '']
        if (kind && name !== undefined) add(kind, name, `reads ${ref.statistic}`)
      }
      for (const calendar of new Set(compiled.calendarRefs)) add('calendar', calendar, 'reads hours')
      for (const group of compiled.groupRefs) add('group', group, 'tests membership')
    }
  }
  return out
}

/** The uses inside the directory: agents' groups and skills, the groups that serve each queue. */
export function directoryUses(file: UsageFile<DirectoryDocument>): Use[] {
  const out: Use[] = []
  for (const [agent, value] of Object.entries(file.document.agents ?? {})) {
    value.groups?.forEach((group, i) => {
      out.push(
        located(file, {
          kind: 'group',
          name: group,
          use: `member ${agent}`,
          path: ['agents', agent, 'groups', i],
        }),
      )
    })
    for (const skill of Object.keys(value.skills ?? {}))
      out.push(
        located(
          file,
          { kind: 'skill', name: skill, use: `held by ${agent}`, path: ['agents', agent, 'skills', skill] },
          true,
        ),
      )
  }
  for (const [queue, value] of Object.entries(file.document.queues ?? {})) {
    value.groups.forEach((group, i) => {
      out.push(
        located(file, {
          kind: 'group',
          name: group,
          use: `serves queue ${queue}`,
          path: ['queues', queue, 'groups', i],
        }),
      )
    })
  }
  return out
}

const SECTIONS: ReadonlyArray<[keyof DirectoryDocument, ReferenceKind]> = [
  ['groups', 'group'],
  ['queues', 'queue'],
  ['skills', 'skill'],
  ['agents', 'agent'],
  ['calendars', 'calendar'],
  ['destinations', 'destination'],
  ['functions', 'function'],
]

/** Where each name is declared: directory entries, strategies, their variables and inputs (prompts have none). */
export function declarations(workspace: UsageWorkspace): Use[] {
  const out: Use[] = []
  const directory = workspace.directory
  if (directory) {
    for (const [section, kind] of SECTIONS) {
      const table = (directory.document[section] ?? {}) as Record<string, unknown>
      for (const name of Object.keys(table))
        out.push(located(directory, { kind, name, use: 'declared', path: [section, name] }, true))
    }
  }
  for (const file of workspace.strategies) {
    const { strategy, variables, inputs } = file.document
    out.push(
      located(file, { kind: 'strategy', name: strategy, use: 'declared', strategy, path: ['strategy'] }),
    )
    for (const name of Object.keys(variables ?? {}))
      out.push(
        located(file, { kind: 'variable', name, use: 'declared', strategy, path: ['variables', name] }, true),
      )
    for (const name of Object.keys(inputs ?? {}))
      out.push(
        located(
          file,
          { kind: 'variable', name: `data.${name}`, use: 'declared input', strategy, path: ['inputs', name] },
          true,
        ),
      )
  }
  return out
}

/** Every use in the workspace, in file order. */
export function workspaceUses(workspace: UsageWorkspace): Use[] {
  const directory = workspace.directory
  const out = workspace.strategies.flatMap((file) => strategyUses(file, directory?.document))
  if (directory) out.push(...directoryUses(directory))
  return out
}
