// pure: walks a checked CEL tree for what the type checker cannot see: literal statistics, calendars, names read.
import type { ASTNode } from '@marcbachmann/cel-js'
import type { NameFix } from '../diagnostics.ts'
import type { DirectoryDocument } from '../directory.ts'
import { isStatWindow, lookupStatistic, STATISTICS, type StatSubjectKind } from '../statistics.ts'
import { nameHint } from '../validate/did-you-mean.ts'
import type { ScopeKind } from './environment.ts'
import type { ExpressionDiagnostic, ExpressionReads, StatRef } from './types.ts'

export interface Analysis {
  reads: ExpressionReads
  statRefs: StatRef[]
  calendarRefs: string[]
  /** Groups tested by name: `"sales" in groups` (agent scope). */
  groupRefs: string[]
  diagnostics: ExpressionDiagnostic[]
}

const SUBJECT_RE = /^(agent|group|queue):([A-Za-z][A-Za-z0-9_-]{0,63})$/
const STAT_NAMES = STATISTICS.map((s) => s.name)

type AnyNode = { op: string; args: unknown; start: number; end: number }

function isNode(value: unknown): value is AnyNode {
  return typeof value === 'object' && value !== null && 'op' in value && 'args' in value
}

function stringLiteral(node: AnyNode): string | undefined {
  return node.op === 'value' && typeof node.args === 'string' ? node.args : undefined
}

/** The key of `x.key` / `x["key"]` when `x` is the identifier `name`. */
function staticKeyOf(node: AnyNode, name: string): string | undefined {
  if (node.op !== '.' && node.op !== '.?' && node.op !== '[]' && node.op !== '[?]') return undefined
  const [object, key] = node.args as [unknown, unknown]
  if (!isNode(object) || object.op !== 'id' || object.args !== name) return undefined
  if (typeof key === 'string') return key
  return isNode(key) ? stringLiteral(key) : undefined
}

/** The group of `"<group>" in groups`, and the literal naming it. */
function groupTestedBy(node: AnyNode): { group: string; item: AnyNode } | undefined {
  const [item, list] = node.args as [unknown, unknown]
  const group = isNode(item) ? stringLiteral(item) : undefined
  if (group === undefined || !isNode(list) || list.op !== 'id' || list.args !== 'groups') return undefined
  return { group, item: item as AnyNode }
}

export function analyse(root: ASTNode, scope: ScopeKind, directory: DirectoryDocument | undefined): Analysis {
  const identifiers = new Set<string>()
  const dataKeys = new Set<string>()
  const skills = new Set<string>()
  let wholeData = false
  let wholeSkills = false
  const statRefs: StatRef[] = []
  const calendarRefs: string[] = []
  const groupRefs: string[] = []
  const diagnostics: ExpressionDiagnostic[] = []
  const error = (
    code: string,
    message: string,
    node: AnyNode,
    severity: 'error' | 'warning' = 'error',
    fix?: NameFix,
  ) =>
    diagnostics.push({ code, severity, message, start: node.start, end: node.end, ...(fix ? { fix } : {}) })

  const literalArgs = (fn: string, args: AnyNode[]): string[] | undefined => {
    const values: string[] = []
    for (const arg of args) {
      const value = stringLiteral(arg)
      if (value === undefined) {
        error(
          'RW207',
          `The arguments of ${fn}() must be string literals so the runtime knows what to fetch before the node runs; write them in quotes, e.g. ${fn === 'stat' ? 'stat("group:sales", "ExpectedWaitTime")' : 'inHours("us_east")'}.`,
          arg,
        )
        return undefined
      }
      values.push(value)
    }
    return values
  }

  const checkStat = (call: AnyNode, args: AnyNode[]) => {
    const values = literalArgs('stat', args)
    if (!values) return
    const [subject = '', statistic = '', window = 'current'] = values
    const [subjectNode, statNode, windowNode] = args as [AnyNode, AnyNode, AnyNode | undefined]
    let kind: StatSubjectKind
    let name: string | undefined
    if (subject === 'agent') {
      if (scope !== 'agent') {
        error(
          'RW208',
          'stat("agent", ...) means the candidate agent and works only in skill and threshold expressions; name an agent as "agent:<id>" here.',
          subjectNode,
        )
        return
      }
      kind = 'agent'
    } else {
      const match = SUBJECT_RE.exec(subject)
      if (!match) {
        error(
          'RW208',
          `"${subject}" is not a statistic subject; write "group:<name>", "queue:<name>" or "agent:<id>"${scope === 'agent' ? ' (or "agent" for the candidate)' : ''}.`,
          subjectNode,
        )
        return
      }
      kind = match[1] as StatSubjectKind
      name = match[2]
    }
    const found = lookupStatistic(statistic)
    if (!found) {
      const { hint, fix } = nameHint(statistic.replace(/\(.*$/, ''), STAT_NAMES)
      error(
        'RW206',
        `Unknown statistic "${statistic}".${hint} See the statistics catalogue in SPEC.md.`,
        statNode,
        'error',
        fix,
      )
      return
    }
    if (!found.info.subjects.includes(kind)) {
      error(
        'RW206',
        `${found.info.name} is not kept for ${kind}s; it applies to ${found.info.subjects.join(', ')}.`,
        statNode,
      )
      return
    }
    if (!isStatWindow(window)) {
      error(
        'RW208',
        `"${window}" is not a statistic window; use "current", "since-midnight" or minutes such as "15m" (1 to 1440).`,
        windowNode ?? call,
      )
      return
    }
    if (directory && name !== undefined) {
      const table =
        kind === 'agent' ? directory.agents : kind === 'group' ? directory.groups : directory.queues
      if (!table || !Object.hasOwn(table, name)) {
        const { hint, fix } = nameHint(name, Object.keys(table ?? {}), `${kind}s`)
        error(
          'RW318',
          `The directory has no ${kind} "${name}".${hint} Add it to the directory or fix the name.`,
          subjectNode,
          'error',
          fix,
        )
        return
      }
    }
    statRefs.push({ subject, statistic, window })
  }

  const checkInHours = (args: AnyNode[]) => {
    const values = literalArgs('inHours', args)
    const calendar = values?.[0]
    if (calendar === undefined) return
    if (directory && !Object.hasOwn(directory.calendars ?? {}, calendar)) {
      const { hint, fix } = nameHint(calendar, Object.keys(directory.calendars ?? {}), 'calendars')
      error(
        'RW313',
        `The directory has no calendar "${calendar}".${hint} Add it to the directory or fix the name.`,
        args[0] as AnyNode,
        'error',
        fix,
      )
      return
    }
    if (!calendarRefs.includes(calendar)) calendarRefs.push(calendar)
  }

  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item)
      return
    }
    if (!isNode(value)) return
    const node = value
    const dataKey = staticKeyOf(node, 'data')
    if (dataKey !== undefined) {
      identifiers.add('data')
      dataKeys.add(dataKey)
      return
    }
    const skillKey = staticKeyOf(node, 'skills')
    if (skillKey !== undefined) {
      identifiers.add('skills')
      skills.add(skillKey)
      if (directory?.skills && !Object.hasOwn(directory.skills, skillKey)) {
        const { hint, fix } = nameHint(skillKey, Object.keys(directory.skills))
        error(
          'RW316',
          `The directory declares no skill "${skillKey}", so no agent has it (it reads as 0).${hint}`,
          node,
          'warning',
          fix,
        )
      }
      return
    }
    const groupTest = node.op === 'in' ? groupTestedBy(node) : undefined
    if (groupTest && !groupRefs.includes(groupTest.group)) groupRefs.push(groupTest.group)
    if (groupTest && directory?.groups) {
      const { group, item } = groupTest
      if (!Object.hasOwn(directory.groups, group)) {
        const { hint, fix } = nameHint(group, Object.keys(directory.groups))
        error(
          'RW320',
          `The directory has no group "${group}", so this is never true.${hint}`,
          item,
          'warning',
          fix,
        )
      }
    }
    switch (node.op) {
      case 'id': {
        const name = node.args as string
        identifiers.add(name)
        if (name === 'data') wholeData = true
        if (name === 'skills') wholeSkills = true
        return
      }
      case 'value':
        return
      case 'call': {
        const [fn, args] = node.args as [string, AnyNode[]]
        if (fn === 'stat') checkStat(node, args)
        else if (fn === 'inHours') checkInHours(args)
        visit(args)
        return
      }
      default:
        visit(node.args)
    }
  }
  visit(root)
  return {
    reads: {
      identifiers: [...identifiers],
      dataKeys: wholeData ? undefined : [...dataKeys],
      skills: wholeSkills ? undefined : [...skills],
    },
    statRefs,
    calendarRefs,
    groupRefs,
    diagnostics,
  }
}
