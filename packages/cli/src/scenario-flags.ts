// The flags that describe a scenario's setup as JSON (`--interaction`, `--agents`, `--stats`, `--functions`) and its
// wall-clock time: read and checked the way a test file's scenario is, so `run` and `simulate` word mistakes alike.
import { parseIsoTime } from '@routewright/history/report-options'
import { AGENT_STATES, formatPath, type Scenario, scenarioSchema } from '@routewright/strategy-dsl'
import { UsageError } from './args.ts'
import type { CliIo } from './command.ts'
import { JsonArgumentError, readJsonArgument } from './workspace.ts'

const HINTS: Record<string, string> = {
  agents: `An agent is one of ${AGENT_STATES.join(', ')}, or { "state": "ready", "since": "2m", "occupancy": 0.5 }`,
  at: 'Give the offset too: 2026-03-02T10:00:00Z or 2026-03-02T10:00:00+01:00',
  functions:
    'A function answers { "returns": <value>, "after": "1s" }, { "throws": "message" } or { "hangs": true }',
  stats: 'Statistics are keyed by subject then name: { "queue:sales": { "ExpectedWaitTime": 240 } }',
  interaction:
    'An interaction has media, ani, dnis, priority and data: { "media": "voice", "data": { ... } }',
}

export type ScenarioFlag = 'interaction' | 'agents' | 'stats' | 'functions'

/**
 * The scenario the flags of `names` give (each JSON or @file.json), with the ISO time of flag `timeFlag` as its
 * `at`; a usage error naming the flag and the place in its value when one is wrong.
 */
export async function readScenarioFlags(
  flags: Record<string, string | boolean | undefined>,
  names: readonly ScenarioFlag[],
  timeFlag: string,
  io: Pick<CliIo, 'cwd'>,
): Promise<Scenario> {
  const time = flags[timeFlag]
  if (typeof time === 'string' && parseIsoTime(time) === undefined) {
    throw new UsageError(
      `--${timeFlag} "${time}" is not an ISO time`,
      `Try --${timeFlag} 2026-03-02T10:00:00+01:00`,
    )
  }
  const values: Partial<Record<ScenarioFlag, unknown>> = {}
  try {
    for (const name of names) {
      const text = flags[name]
      if (typeof text !== 'string') continue
      const value = await readJsonArgument(text, io.cwd, name)
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new JsonArgumentError(`--${name} must be a JSON object ({ ... }), got ${JSON.stringify(value)}`)
      }
      values[name] = value
    }
  } catch (error) {
    if (error instanceof JsonArgumentError)
      throw new UsageError(error.message, error.hint ?? 'Quote JSON in single quotes, or use @file.json')
    throw error
  }
  // the same shape as a scenario of a test file, checked by the same schema so mistakes read the same way
  const checked = scenarioSchema.safeParse({
    name: 'cli',
    expect: {},
    ...values,
    ...(typeof time === 'string' ? { at: time } : {}),
  })
  if (!checked.success) {
    const issue = checked.error.issues[0]
    const [field, ...rest] = (issue?.path ?? []) as Array<string | number>
    const flag = field === 'at' ? timeFlag : (field ?? 'interaction')
    throw new UsageError(
      `--${flag}${rest.length > 0 ? ` at ${formatPath(rest)}` : ''}: ${issue?.message ?? 'invalid'}`,
      HINTS[String(field)] ??
        'The values take the shape of a scenario in a test file (see Test files in SPEC.md of the file format)',
    )
  }
  return checked.data
}
