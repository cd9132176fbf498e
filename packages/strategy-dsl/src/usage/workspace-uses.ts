// pure: every use of a named object across a workspace's strategies, directories, tests and alarms, with where
// each name is written.
import type { Range } from '../diagnostics.ts'
import type { DirectoryDocument } from '../directory.ts'
import type { StrategyDocument } from '../document.ts'
import { compileExpression, isCompiled } from '../expressions/compile.ts'
import type { ReferenceKind } from '../nodes/kind.ts'
import { kindOf } from '../nodes/registry.ts'
import type { TestDocument } from '../test-file.ts'
import { celSpans, indexesOfKey } from './cel-literals.ts'
import { indexesOfName, rangesAt } from './name-range.ts'
import { type AlarmsUsageDocument, alarmUses, testUses } from './test-uses.ts'
import { nodeName, type UsageFile, type Use, writtenName } from './use.ts'

export interface UsageWorkspace {
  strategies: readonly UsageFile<StrategyDocument>[]
  /**
   * Every directory file (one per environment): each one's uses and declarations are listed; expressions are
   * compiled against the first.
   */
  directories?: readonly UsageFile<DirectoryDocument>[] | undefined
  /** Test files (`*.test.yaml`): the strategies, nodes, agents, targets and data their scenarios name. */
  tests?: readonly UsageFile<TestDocument>[] | undefined
  /** alarms.yaml files, as serve's reader parsed them: the targets their rules watch. */
  alarms?: readonly UsageFile<AlarmsUsageDocument>[] | undefined
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
  // the strategy's entry edge: `start` leads to a node as `next` does
  const start = { kind: 'node' as const, name: nodeName(strategy, document.start), use: 'start' }
  const out: Use[] = [located(file, { ...start, strategy, path: ['start'] })]
  for (const [node, value] of Object.entries(document.nodes)) {
    const kind = kindOf(value)
    for (const output of kind.outputs(value)) {
      if (output.target === undefined) continue
      const path = ['nodes', node, ...output.path]
      out.push(
        located(file, {
          kind: 'node',
          name: nodeName(strategy, output.target),
          use: output.name === 'next' ? 'next' : `next ${output.name}`,
          strategy,
          node,
          path,
        }),
      )
    }
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
      const source = expression.source
      const spans = celSpans(source)
      // where a name is written: after its lead (`data.tier`), as a string index (`data["tier"]`), else anywhere
      const writtenAt = (written: string, lead: string, code: boolean): number[] => {
        const object = code && lead.endsWith('.') ? lead.slice(0, -1) : undefined
        const keyed = object === undefined ? [] : indexesOfKey(source, object, written, spans)
        const found = [...indexesOfName(source, written, lead, code), ...keyed].sort((a, b) => a - b)
        return found.length > 0 || lead === '' ? found : indexesOfName(source, written, '', code)
      }
      // each place a name is written is a use of its own; a place taken by one read is not another's
      const taken = new Set<string>()
      // `code`: a name read as code (a variable, data key, skill), so a string literal of the same word is not it
      const add = (
        kind: ReferenceKind,
        name: string,
        use: string,
        lead: string,
        how: 'once' | 'code' | 'all',
      ) => {
        const written = writtenName({ kind, name })
        const code = how === 'code'
        const ranges = rangesAt(file.locator, path, source, written, writtenAt(written, lead, code))
        const free = ranges.filter((range) => !taken.has(`${kind}:${name}:${range.start.offset}`))
        const places: Array<Range | undefined> =
          free.length === 0 ? [ranges[0]] : how === 'once' ? free.slice(0, 1) : free
        for (const range of places) {
          if (range) taken.add(`${kind}:${name}:${range.start.offset}`)
          out.push({ kind, name, use, file: file.file, strategy, node, path, ...(range ? { range } : {}) })
        }
      }
      const { identifiers, dataKeys, skills } = compiled.reads
      // one stat() call is one read of its subject: each takes the next place its `kind:name` is written
      for (const ref of compiled.statRefs) {
        const [subject, name] = ref.subject.split(':')
        const kind = SUBJECT_KINDS[subject ?? '']
        if (kind && name !== undefined) add(kind, name, `reads ${ref.statistic}`, `${subject}:`, 'once')
      }
      for (const name of new Set(identifiers))
        if (Object.hasOwn(variables, name)) add('variable', name, 'reads', '', 'code')
      for (const key of new Set(dataKeys ?? [])) add('variable', `data.${key}`, 'reads', 'data.', 'code')
      for (const skill of new Set(skills ?? [])) add('skill', skill, 'reads level', 'skills.', 'code')
      for (const calendar of new Set(compiled.calendarRefs))
        add('calendar', calendar, 'reads hours', '', 'all')
      for (const group of compiled.groupRefs) add('group', group, 'tests membership', '', 'all')
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
  for (const directory of workspace.directories ?? []) {
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
    for (const node of Object.keys(file.document.nodes))
      out.push(
        located(
          file,
          {
            kind: 'node',
            name: nodeName(strategy, node),
            use: 'declared',
            strategy,
            node,
            path: ['nodes', node],
          },
          true,
        ),
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
  const directories = workspace.directories ?? []
  const out = workspace.strategies.flatMap((file) => strategyUses(file, directories[0]?.document))
  for (const directory of directories) out.push(...directoryUses(directory))
  for (const tests of workspace.tests ?? []) out.push(...testUses(tests))
  for (const alarms of workspace.alarms ?? []) out.push(...alarmUses(alarms))
  return out
}
