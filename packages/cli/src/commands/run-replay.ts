// `routewright run <strategy> --replay <record|->`: the strategy given routes again what serve's record of one
// interaction says the router saw, and the two decisions are compared; what the record does not carry is listed.

import path from 'node:path'
import { printable, quotedName } from '@routewright/node-support/printable'
import { decodeUtf8, readBoundedFile } from '@routewright/node-support/read'
import {
  formatPath,
  jsonProblem,
  MAX_DEPTH,
  MAX_DOCUMENT_BYTES,
  type Scenario,
  scenarioSchema,
} from '@routewright/strategy-dsl'
import {
  DEFAULT_LIMITS,
  type InteractionInput,
  refuseInteractionInput,
  type ScenarioResult,
} from '@routewright/strategy-runtime'
import { UsageError } from '../args.ts'
import { type CliIo, EXIT } from '../command.ts'
import { jsonOutput } from '../json-output.ts'
import {
  type Decision,
  decisionOf,
  type ReplayInputs,
  replayInputs,
  unrecordedReads,
} from '../replay-record.ts'
import { createStyle } from '../report/style.ts'
import { routeScenario } from '../route-scenario.ts'
import { readScenarioFlags } from '../scenario-flags.ts'
import { displayPath } from '../sources.ts'
import { type LoadedTarget, loadStrategyTarget } from '../strategy-target.ts'
import { nearestIds } from '../unknown-agent.ts'
import { nestingDepth } from '../workspace.ts'

/** The flags that make up a scenario by hand: a replay takes them from the record (--interaction only adds to it). */
const HAND_MADE = ['agents', 'stats', 'functions', 'at'] as const

/** Replays the record `source` (a file, `-` for standard input) through the strategy `file`; the exit code. */
export async function runReplay(
  file: string,
  source: string,
  directoryFlag: string | undefined,
  flags: Record<string, string | boolean | undefined>,
  io: CliIo,
): Promise<number> {
  const mixed = HAND_MADE.find((name) => flags[name] !== undefined)
  if (mixed !== undefined)
    throw new UsageError(
      `--${mixed} is not used with --replay: the record gives the interaction, agents, statistics, functions and time`,
      `Leave out --${mixed} (--interaction may give what the record lacks: ani, dnis, priority, data), or route a made-up interaction without --replay`,
    )
  const given =
    typeof flags.interaction === 'string'
      ? await readScenarioFlags(flags, ['interaction'], 'at', io)
      : undefined
  const where = source === '-' ? 'standard input' : source
  const record = await readRecord(source, io)
  const target = await loadStrategyTarget('run', file, directoryFlag, io)
  if (!target) return EXIT.findings
  const callOf = (strategy: string, node: string) => {
    const found = target.strategies.get(strategy)?.nodes[node]
    return found?.type === 'function' ? found.call : undefined
  }
  const inputs = replayInputs(record, where, callOf)
  if (given?.interaction) addGiven(inputs, given.interaction)
  checkFits(inputs, target, where, file, io)
  const result = routeScenario(inputs.scenario, target, io)
  inputs.notRecorded.push(...unrecordedReads(result.trace, inputs.scenario, callOf))
  const replayed = decisionOf(result, result.trace)
  const agree = sameDecision(inputs.recorded, replayed)
  if (flags.format === 'json')
    io.out(
      jsonOutput({
        interaction: inputs.interaction,
        strategy: inputs.strategy,
        version: inputs.version,
        at: inputs.scenario.at,
        recorded: inputs.recorded,
        replayed,
        agree,
        ...(inputs.given === undefined ? {} : { given: { interaction: inputs.given } }),
        notRecorded: inputs.notRecorded,
        inputs: inputs.scenario,
        result,
      }),
    )
  else io.out(describeReplay(inputs, replayed, agree, result, io.color))
  // --check: a strategy edit that changes a recorded decision fails CI, as fmt --check fails on a file to format
  return result.outcome === 'error' || (flags.check === true && !agree) ? EXIT.findings : EXIT.ok
}

/** The record as JSON, from a file or standard input, within the bounds of a document (size, nesting). */
async function readRecord(source: string, io: CliIo): Promise<unknown> {
  const fix =
    'Save what serve answers for GET /v1/interactions/{id}, e.g. curl -s $URL/v1/interactions/c1 > c1.json'
  let bytes: Uint8Array | undefined
  if (source === '-') {
    if (!io.readStdin)
      throw new UsageError('Standard input is not available here', 'Give the record as a file')
    bytes = await io.readStdin(MAX_DOCUMENT_BYTES)
    if (bytes === undefined) throw new UsageError('--replay -: standard input is over the 10 MB limit', fix)
  } else {
    const read = await readBoundedFile(path.resolve(io.cwd, source), MAX_DOCUMENT_BYTES)
    if (!read.ok)
      throw new UsageError(
        `--replay ${printable(source)}: ${read.message}`,
        read.reason === 'too-large' ? fix : 'Check the path (relative to the current folder)',
      )
    bytes = read.bytes
  }
  const decoded = decodeUtf8(bytes)
  if (decoded === undefined) throw new UsageError(`--replay ${printable(source)}: it is not UTF-8 text`, fix)
  let parsed: unknown
  try {
    parsed = JSON.parse(decoded.startsWith('\ufeff') ? decoded.slice(1) : decoded)
  } catch (error) {
    const detail = jsonProblem(decoded, error)
    throw new UsageError(
      `--replay ${printable(source)}: it is not valid JSON${detail ? ` (${detail})` : ''}`,
      fix,
    )
  }
  if (nestingDepth(parsed, MAX_DEPTH) > MAX_DEPTH)
    throw new UsageError(
      `--replay ${printable(source)}: it is nested more than ${MAX_DEPTH} levels deep`,
      fix,
    )
  return parsed
}

/** The record's strategy, agents and values fit the strategy and directory given, or a usage error says how not. */
function checkFits(inputs: ReplayInputs, target: LoadedTarget, where: string, file: string, io: CliIo): void {
  const given = target.strategy.strategy
  if (inputs.strategy !== given)
    throw new UsageError(
      `${where} records strategy ${quotedName(inputs.strategy)}, but ${file} is strategy ${quotedName(given)}`,
      `Replay it with the file of strategy ${quotedName(inputs.strategy)} (a newer version of it is fine)`,
    )
  const known = Object.keys(target.directory.agents ?? {})
  const directoryFile = displayPath(target.directoryPath, io.cwd)
  for (const agent of Object.keys(inputs.scenario.agents ?? {}))
    if (!known.includes(agent))
      throw new UsageError(
        `${where}: agent ${quotedName(agent)} of the recorded selection is not in directory ${directoryFile} (nearest: ${nearestIds(agent, known).join(', ') || 'none'})`,
        'Replay against the directory the router used: --directory <file>',
      )
  const fix = 'Check that the file is a record serve answered, unedited'
  // the router's own check first, in its words (the replay routes under its default limits); the scenario schema
  // then takes what serve's submit takes (the DSL's one copy of its address and priority limits)
  const refused = refuseInteractionInput(
    { ...inputs.scenario.interaction, id: inputs.interaction, strategy: inputs.strategy } as InteractionInput,
    DEFAULT_LIMITS,
  )
  if (refused !== undefined)
    throw new UsageError(
      `${where}: the record's interaction.${refused.field} cannot be replayed: ${refused.message}`,
      `${fix} (the replay routes under the router's default limits)`,
    )
  const checked = scenarioSchema.safeParse(inputs.scenario)
  if (!checked.success) {
    const issue = checked.error.issues[0]
    throw new UsageError(
      `${where}: the record's ${formatPath((issue?.path ?? []) as Array<string | number>)} cannot be replayed: ${issue?.message ?? 'invalid'}`,
      fix,
    )
  }
}

/** What --interaction gives fills the record's interaction (its data key by key) and is no longer "not recorded". */
function addGiven(inputs: ReplayInputs, given: NonNullable<Scenario['interaction']>): void {
  const recorded = inputs.scenario.interaction ?? {}
  inputs.scenario.interaction = {
    ...recorded,
    ...given,
    ...(given.data === undefined ? {} : { data: { ...recorded.data, ...given.data } }),
  }
  const fields = new Set(Object.keys(given).map((field) => `interaction.${field}`))
  inputs.notRecorded = inputs.notRecorded.filter((n) => !fields.has(n.input))
  inputs.given = given
}

function sameDecision(a: Decision, b: Decision): boolean {
  return (
    a.outcome === b.outcome &&
    a.agent === b.agent &&
    a.target === b.target &&
    a.destination === b.destination &&
    a.node === b.node
  )
}

function describeDecision(d: Decision): string {
  const parts = [d.outcome ?? 'no decision']
  if (d.agent !== undefined) parts.push(`→ agent ${d.agent}${d.target ? ` via ${d.target}` : ''}`)
  else if (d.destination !== undefined) parts.push(`→ ${d.destination}`)
  if (d.node !== undefined) parts.push(`at node ${d.node}`)
  return printable(parts.join(' '))
}

/** The two decisions, whether they agree, and how far the replay holds, for people. */
function describeReplay(
  inputs: ReplayInputs,
  replayed: Decision,
  agree: boolean,
  result: ScenarioResult,
  color: boolean,
): string {
  const style = createStyle(color)
  const out = [
    `${style.bold(printable(inputs.strategy))}: replay of interaction ${printable(inputs.interaction)} (version ${printable(inputs.version)}, at ${inputs.scenario.at})`,
    `recorded    ${describeDecision(inputs.recorded)}`,
    `replayed    ${describeDecision(replayed)}`,
    agree
      ? style.bold('agree       yes')
      : style.bold('agree       no: the strategy given decides otherwise'),
  ]
  if (result.reason && !result.agent) out.push(`reason      ${printable(result.reason)}`)
  if (inputs.given !== undefined)
    out.push(`given       --interaction ${printable(JSON.stringify(inputs.given))}`)
  out.push('', style.dim('Not recorded (the replay assumes):'))
  for (const n of inputs.notRecorded) out.push(`  ${printable(n.input)}: ${printable(n.assumed)}`)
  return `${out.join('\n')}\n`
}
