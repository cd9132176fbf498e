// One CEL environment per (inputs + variables, scope, directory), cached: building one costs ~0.5 ms, checking µs.
import { Environment } from '@marcbachmann/cel-js'
import type { DirectoryDocument } from '../directory.ts'
import type { StrategyDocument } from '../document.ts'
import type { ExpressionRole } from '../nodes/kind.ts'
import type { Field } from '../schema/primitives.ts'
import type { MeterSlot } from './instrument.ts'
import type { ExpressionHooks, ExpressionName } from './types.ts'

/** Limits on an expression's structure, so a hostile file cannot make the checker recurse or allocate without end. */
export const EXPRESSION_LIMITS = { maxLength: 4096, maxAstNodes: 2000, maxDepth: 48 } as const

/** Interaction fields every expression may read. */
export const INTERACTION_FIELDS: readonly ExpressionName[] = [
  { name: 'ani', type: 'string', description: 'Calling number (ANI)', kind: 'field' },
  { name: 'dnis', type: 'string', description: 'Dialled number (DNIS)', kind: 'field' },
  {
    name: 'media',
    type: 'string',
    description: 'Media of the interaction: voice, chat, email ...',
    kind: 'field',
  },
  { name: 'priority', type: 'int', description: 'Current priority of the interaction', kind: 'field' },
  {
    name: 'waited',
    type: 'double',
    description: 'Seconds since the interaction entered the strategy',
    kind: 'field',
  },
]

/** Candidate-agent names, only in `skill` and `threshold` expressions. */
export const AGENT_FIELDS: readonly ExpressionName[] = [
  {
    name: 'skills',
    type: 'map<string, int>',
    description: 'Skill levels of the candidate agent (0 when it lacks one)',
    kind: 'field',
  },
  { name: 'groups', type: 'list<string>', description: 'Groups of the candidate agent', kind: 'field' },
  {
    name: 'agent',
    type: 'Agent',
    description: 'The candidate agent: id, occupancy, readyFor, load, site',
    kind: 'field',
  },
]

/** Fields of `agent`, with their CEL types. */
export const AGENT_SCHEMA = {
  id: 'string',
  occupancy: 'double',
  readyFor: 'double',
  load: 'int',
  site: 'string',
} as const

export const FUNCTIONS: readonly ExpressionName[] = [
  {
    name: 'stat',
    type: 'stat(subject: string, statistic: string[, window: string]): double',
    description:
      'A statistic of a group, queue or agent: stat("group:sales", "ExpectedWaitTime"); literals only',
    kind: 'function',
  },
  {
    name: 'inHours',
    type: 'inHours(calendar: string): bool',
    description: 'Whether a calendar of the directory is open now (not on a holiday)',
    kind: 'function',
  },
  {
    name: 'now',
    type: 'now(): timestamp',
    description: 'The current time; e.g. now().getHours("Europe/Paris")',
    kind: 'function',
  },
]

/** CEL words that cannot name a variable or input. */
export const RESERVED_WORDS: ReadonlySet<string> = new Set(
  // CEL keywords and reserved words, type names (`int` would shadow the conversion), and JS object internals
  'true false null in as break const continue else for function if import let loop package namespace return var void while int uint double bool string bytes list map type dyn null_type __proto__ constructor prototype'.split(
    ' ',
  ),
)

/** Names the environment defines itself; a strategy variable cannot take them. */
export const BUILTIN_NAMES: ReadonlySet<string> = new Set([
  'data',
  ...INTERACTION_FIELDS.map((f) => f.name),
  ...AGENT_FIELDS.map((f) => f.name),
])

export type ScopeKind = 'strategy' | 'agent'

export function scopeKindOf(role: ExpressionRole): ScopeKind {
  return role === 'skill' || role === 'threshold' ? 'agent' : 'strategy'
}

/** Where the handlers of `stat`/`inHours`/`now` find the hooks of the evaluation in progress. */
export interface HookSlot extends MeterSlot {
  hooks: ExpressionHooks | undefined
  agentId: string | undefined
}

export interface ExpressionEnvironment {
  env: Environment
  slot: HookSlot
  scope: ScopeKind
  directory: DirectoryDocument | undefined
  /** Variables registered by bare name (clashing names are left out; the validator reports them). */
  variables: ReadonlyMap<string, Field>
  inputs: ReadonlyMap<string, Field>
  /** Every top-level name the environment declares, for did-you-mean. */
  declared: readonly string[]
  /** Compiled results by role and source, so re-validating an edited document recompiles only what changed. */
  cache: Map<string, unknown>
}

const NO_DIRECTORY = {}
const MAX_SIGNATURES = 64
type Bundles = Partial<Record<ScopeKind, ExpressionEnvironment>>
/** Fast path: the same document object asks again (the validator, the runtime compiling node after node). */
const byDocument = new WeakMap<StrategyDocument, WeakMap<object, Bundles>>()
/** Documents with the same inputs and variables share environments and compiled expressions (designer edits). */
const bySignature = new WeakMap<object, Map<string, Bundles>>()

function bundlesFor(document: StrategyDocument, directory: object): Bundles {
  let perDirectory = byDocument.get(document)
  if (!perDirectory) {
    perDirectory = new WeakMap()
    byDocument.set(document, perDirectory)
  }
  let bundles = perDirectory.get(directory)
  if (bundles) return bundles
  const signature = JSON.stringify([document.inputs ?? {}, document.variables ?? {}])
  let shared = bySignature.get(directory)
  if (!shared) {
    shared = new Map()
    bySignature.set(directory, shared)
  }
  bundles = shared.get(signature)
  if (!bundles) {
    if (shared.size >= MAX_SIGNATURES) shared.delete(shared.keys().next().value as string)
    bundles = {}
    shared.set(signature, bundles)
  }
  perDirectory.set(directory, bundles)
  return bundles
}

/** The cached environment for a document's inputs and variables, a scope and a directory. */
export function environmentFor(
  document: StrategyDocument,
  role: ExpressionRole,
  directory: DirectoryDocument | undefined,
): ExpressionEnvironment {
  const scope = scopeKindOf(role)
  const bundles = bundlesFor(document, directory ?? NO_DIRECTORY)
  let built = bundles[scope]
  if (!built) {
    built = buildEnvironment(document, scope, directory)
    bundles[scope] = built
  }
  return built
}

function isUsableName(name: string): boolean {
  return !RESERVED_WORDS.has(name) && !BUILTIN_NAMES.has(name)
}

function activeHooks(slot: HookSlot): ExpressionHooks {
  if (!slot.hooks) throw new Error('Expression functions need hooks: call evaluate(values, hooks)')
  return slot.hooks
}

function statValue(slot: HookSlot, subject: string, statistic: string, window: string): number {
  const resolved = subject === 'agent' ? `agent:${slot.agentId ?? ''}` : subject
  const value = activeHooks(slot).stat(resolved, statistic, window)
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new Error(`Statistic ${statistic} of ${resolved} is not a number (got ${String(value)})`)
  }
  return value
}

function buildEnvironment(
  document: StrategyDocument,
  scope: ScopeKind,
  directory: DirectoryDocument | undefined,
): ExpressionEnvironment {
  const slot: HookSlot = { hooks: undefined, agentId: undefined, meter: undefined }
  const env = new Environment({
    limits: { maxAstNodes: EXPRESSION_LIMITS.maxAstNodes, maxDepth: EXPRESSION_LIMITS.maxDepth },
  })
  const inputs = new Map(Object.entries(document.inputs ?? {}))
  const variables = new Map(Object.entries(document.variables ?? {}).filter(([name]) => isUsableName(name)))
  const dataSchema: Record<string, string> = {}
  for (const [name, field] of inputs) if (!RESERVED_WORDS.has(name)) dataSchema[name] = field.type
  env.registerVariable({
    name: 'data',
    schema: dataSchema,
    description: 'Interaction data declared in inputs',
  })
  for (const field of INTERACTION_FIELDS)
    env.registerVariable(field.name, field.type, { description: field.description })
  for (const [name, field] of variables)
    env.registerVariable(name, field.type, { description: field.description ?? `Variable ${name}` })
  if (scope === 'agent') {
    env.registerVariable('skills', 'map<string, int>', { description: 'Skill levels of the candidate agent' })
    env.registerVariable('groups', 'list<string>', { description: 'Groups of the candidate agent' })
    env.registerVariable({ name: 'agent', schema: { ...AGENT_SCHEMA }, description: 'The candidate agent' })
  }
  env.registerFunction('stat(string, string): double', (subject: string, statistic: string) =>
    statValue(slot, subject, statistic, 'current'),
  )
  env.registerFunction(
    'stat(string, string, string): double',
    (subject: string, statistic: string, window: string) => statValue(slot, subject, statistic, window),
  )
  env.registerFunction(
    'inHours(string): bool',
    (calendar: string) => activeHooks(slot).inHours(calendar) === true,
  )
  env.registerFunction('now(): google.protobuf.Timestamp', () => new Date(activeHooks(slot).now()))
  const declared = [
    'data',
    ...INTERACTION_FIELDS.map((f) => f.name),
    ...variables.keys(),
    ...(scope === 'agent' ? AGENT_FIELDS.map((f) => f.name) : []),
  ]
  return { env, slot, scope, directory, variables, inputs, declared, cache: new Map() }
}
