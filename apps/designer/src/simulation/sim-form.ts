// pure: the simulation panel's form, read into settings with a message per bad field, and the Erlang figures
// the simulated ones are shown beside.
import {
  addressLengthProblem,
  controlCharacterProblem,
  isMediaName,
  jsonProblem,
  MAX_ADDRESS_CHARS,
  MEDIA_NAME_RULE,
  PRIORITY_BOUNDS,
  priorityRangeProblem,
  scenarioSchema,
} from '@routewright/strategy-dsl'
import {
  type ArrivalProfile,
  type FunctionStub,
  meanProfileRate,
  readArrivalProfile,
  SIMULATION_LIMITS,
} from '@routewright/strategy-runtime'

/** What the user typed, as typed: every field is text until it is read. */
export interface SimForm {
  mode: 'constant' | 'profile'
  arrivalsPerHour: string
  /** Width of the profile's intervals, minutes: 15, 30 or 60. */
  profileMinutes: string
  /** Rates (arrivals per hour) per interval of the day, separated by commas, spaces or new lines. */
  profile: string
  ahtSeconds: string
  /** Empty: callers never hang up. */
  patienceSeconds: string
  durationHours: string
  warmupHours: string
  serviceLevelSeconds: string
  /** Width of the reported intervals (the charts' points), minutes. */
  reportMinutes: string
  seed: string
  /** The media every contact arrives on (`voice`, `chat`, `email`...), one the directory's agents take. */
  media: string
  /** Every contact's priority, a number within PRIORITY_BOUNDS (fractions too, as serve takes); empty for 0. */
  priority: string
  /** Interaction data every call carries, as a JSON object; empty for none (inputs take their defaults). */
  data: string
  /** The number every caller dialled and calls from; empty for none. */
  dnis: string
  ani: string
  /** When the simulated day starts, ISO 8601 with its offset; empty for Monday 2026-01-05 00:00 UTC. */
  start: string
  /** Host function answers as a test file states them, a JSON object; empty: function nodes take their error output. */
  functions: string
  /** Agents logged in ready at the start. */
  agents: readonly string[]
}

export interface SimSettings {
  arrivalsPerHour?: number
  arrivalProfile?: ArrivalProfile
  ahtSeconds: number
  patienceSeconds?: number
  durationHours: number
  warmupHours: number
  serviceLevelSeconds: number
  intervalMinutes: number
  seed: number
  /** Every contact's media (`routewright simulate --interaction`'s `media`). */
  media: string
  priority?: number
  data?: Record<string, unknown>
  dnis?: string
  ani?: string
  /** Epoch ms. */
  startAt?: number
  functions?: Record<string, FunctionStub>
  agents: string[]
}

export type FormField = Exclude<keyof SimForm, 'mode'>
export type ReadForm =
  | { ok: true; settings: SimSettings }
  | { ok: false; errors: Partial<Record<FormField, string>> }

export const DEFAULT_FORM: Omit<SimForm, 'agents'> = {
  mode: 'constant',
  arrivalsPerHour: '60',
  profileMinutes: '60',
  profile: '',
  ahtSeconds: '180',
  // none, as `routewright simulate` and the runtime's simulate: the same strategy gives the same figures in both
  patienceSeconds: '',
  durationHours: '8',
  warmupHours: '1',
  serviceLevelSeconds: '20',
  reportMinutes: '15',
  seed: '1',
  media: 'voice',
  priority: '',
  data: '',
  dnis: '',
  ani: '',
  start: '',
  functions: '',
}

const DAY_MINUTES = 1440

/** Rates of a typical day around a peak: closed at night, a morning peak and a lower afternoon one. */
export function typicalDay(peakPerHour: number, intervalMinutes: number): number[] {
  const count = DAY_MINUTES / intervalMinutes
  return Array.from({ length: count }, (_, i) => {
    const hour = ((i + 0.5) * intervalMinutes) / 60
    if (hour < 7 || hour >= 20) return 0
    const bump = (mean: number, width: number) => Math.exp(-(((hour - mean) / width) ** 2))
    return Math.round(peakPerHour * Math.max(0.15, bump(10.5, 2), 0.8 * bump(14.5, 2)))
  })
}

function number(
  text: string,
  field: FormField,
  errors: Partial<Record<FormField, string>>,
  what: string,
  check: (n: number) => boolean,
  rule: string,
): number {
  const trimmed = text.trim()
  const value = trimmed === '' ? Number.NaN : Number(trimmed)
  if (!Number.isFinite(value) || !check(value)) {
    errors[field] = `${what} must be ${rule}${trimmed === '' ? '' : ` (got "${trimmed}")`}.`
  }
  return value
}

/**
 * The line beside Run while the form has errors: Run is disabled then, and the field's own message may be scrolled
 * out of the panel, so the first one is repeated where the user looks after pressing Run.
 */
export function formErrorsText(errors: Partial<Record<FormField, string>>): string {
  const messages = Object.values(errors)
  const fields = messages.length === 1 ? 'the field' : `the ${messages.length} fields`
  const first = firstOnScreen(errors)
  return `Not run: ${first === undefined ? '' : errors[first]} Fix ${fields} marked in red above, then run.`
}

/** The form's fields top to bottom: SimFields draws them in this order (readForm checks them in another). */
export const FIELDS_ON_SCREEN: readonly FormField[] = [
  'arrivalsPerHour',
  'profileMinutes',
  'profile',
  'ahtSeconds',
  'patienceSeconds',
  'durationHours',
  'warmupHours',
  'serviceLevelSeconds',
  'reportMinutes',
  'seed',
  'media',
  'priority',
  'data',
  'dnis',
  'ani',
  'start',
  'functions',
  'agents',
]

/** The field in error a user meets first going down the form: the one the status line names. */
export function firstOnScreen(errors: Partial<Record<FormField, string>>): FormField | undefined {
  return FIELDS_ON_SCREEN.find((field) => errors[field] !== undefined)
}

/** Reads the form; every problem is reported at once, keyed by field, in words the user can act on. */
export function readForm(form: SimForm): ReadForm {
  const errors: Partial<Record<FormField, string>> = {}
  const positive = (n: number) => n > 0
  const settings: SimSettings = {
    ahtSeconds: number(
      form.ahtSeconds,
      'ahtSeconds',
      errors,
      'Handle time',
      (n) => n > 0 && n <= MAX_AHT_SECONDS,
      'a number of seconds > 0, at most 86400 (a day)',
    ),
    durationHours: number(
      form.durationHours,
      'durationHours',
      errors,
      'Duration',
      (n) => n > 0 && n <= 24 * 14,
      'a number of hours > 0, at most 336 (two weeks)',
    ),
    warmupHours: number(
      form.warmupHours,
      'warmupHours',
      errors,
      'Warm-up',
      (n) => n >= 0,
      'a number of hours >= 0',
    ),
    serviceLevelSeconds: number(
      form.serviceLevelSeconds,
      'serviceLevelSeconds',
      errors,
      'Service level time',
      positive,
      'a number of seconds > 0',
    ),
    intervalMinutes: number(
      form.reportMinutes,
      'reportMinutes',
      errors,
      'Report interval',
      (n) => Number.isInteger(n) && n >= 1 && n <= DAY_MINUTES,
      'a whole number of minutes',
    ),
    seed: number(form.seed, 'seed', errors, 'Seed', (n) => Number.isInteger(n), 'a whole number'),
    media: form.media.trim(),
    agents: [...form.agents],
  }
  if (!errors.durationHours && !errors.warmupHours && settings.warmupHours >= settings.durationHours) {
    errors.warmupHours = 'Warm-up must be shorter than the duration.'
  }
  if (form.patienceSeconds.trim() !== '') {
    settings.patienceSeconds = number(
      form.patienceSeconds,
      'patienceSeconds',
      errors,
      'Patience',
      positive,
      'a number of seconds > 0, or empty for callers who never hang up',
    )
  }
  if (!isMediaName(settings.media))
    errors.media = `The media must be a media name: ${MEDIA_NAME_RULE} (got "${settings.media}").`
  if (form.priority.trim() !== '') readPriority(form.priority.trim(), settings, errors)
  if (form.data.trim() !== '') {
    const data = readData(form.data)
    if (typeof data === 'string') errors.data = data
    else settings.data = data
  }
  for (const field of ['dnis', 'ani'] as const) {
    const number = form[field].trim()
    const problem = addressProblem(`The ${field.toUpperCase()}`, number)
    if (problem !== undefined) errors[field] = problem
    else if (number !== '') settings[field] = number
  }
  readSetup(form, settings, errors)
  if (form.agents.length === 0) errors.agents = 'Log in at least one agent.'
  if (form.mode === 'constant') {
    settings.arrivalsPerHour = number(
      form.arrivalsPerHour,
      'arrivalsPerHour',
      errors,
      'Arrivals per hour',
      positive,
      'a number > 0',
    )
  } else {
    const profile = readProfile(form.profileMinutes, form.profile)
    if (typeof profile === 'string') errors.profile = profile
    else settings.arrivalProfile = profile
  }
  const field = form.mode === 'constant' ? 'arrivalsPerHour' : 'profile'
  if (!errors[field] && !errors.durationHours) {
    const calls = meanArrivalsPerHour({ ...settings, warmupHours: 0 }) * settings.durationHours
    if (calls > MAX_SIMULATED_CALLS) {
      errors[field] =
        `${form.mode === 'constant' ? 'Arrivals per hour' : 'The profile'} over ${settings.durationHours} h ` +
        `${form.mode === 'constant' ? 'make' : 'makes'} ` +
        `about ${Math.round(calls).toLocaleString('en-US')} calls; one run simulates at most ` +
        `${MAX_SIMULATED_CALLS.toLocaleString('en-US')}: lower the rate or the duration.`
    }
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, settings }
}

/** The longest handle time read (a day), the runtime's own limit: a typo is refused before it is sent. */
export const MAX_AHT_SECONDS = SIMULATION_LIMITS.handleSeconds

/**
 * Calls one run may simulate: a typo such as 1e9 arrivals per hour would otherwise keep the worker busy for days at
 * 0 %. Two weeks at 6,000 calls an hour fit; the simulator did about 7,700 calls/s on a loaded 2-core host.
 */
export const MAX_SIMULATED_CALLS = 2_000_000

/** The start priority serve takes (the DSL's PRIORITY_BOUNDS, fractions too), so one copied from serve runs here. */
function readPriority(text: string, settings: SimSettings, errors: Partial<Record<FormField, string>>): void {
  const value = Number(text)
  if (!Number.isFinite(value))
    errors.priority = `Priority must be a number from ${PRIORITY_BOUNDS.min} to ${PRIORITY_BOUNDS.max}, fractions too, or empty for 0 (got "${text}").`
  else if (value < PRIORITY_BOUNDS.min || value > PRIORITY_BOUNDS.max)
    errors.priority = `Priority ${priorityRangeProblem(value)}.`
  else settings.priority = value
}

/** Why an ANI or DNIS is refused where serve would refuse it (longer than the router takes, a control character). */
function addressProblem(subject: string, text: string): string | undefined {
  if (text.length > MAX_ADDRESS_CHARS) return `${subject} is ${addressLengthProblem(text.length)}.`
  const control = controlCharacterProblem(subject, text)
  return control === undefined ? undefined : `${control}.`
}

function readData(text: string): Record<string, unknown> | string {
  const rule = 'Call data must be a JSON object such as {"customer_tier": "gold"}'
  try {
    const value: unknown = JSON.parse(text)
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      return value as Record<string, unknown>
    return `${rule}.`
  } catch (error) {
    return `${rule}: ${jsonProblem(text, error) || 'it does not parse'}.`
  }
}

/** The start time and host function answers, checked as a test file's scenario checks its `at` and `functions`. */
const setupSchema = scenarioSchema.pick({ at: true, functions: true })

function readSetup(form: SimForm, settings: SimSettings, errors: Partial<Record<FormField, string>>): void {
  const start = form.start.trim()
  if (start !== '') {
    const checked = setupSchema.safeParse({ at: start })
    if (checked.success) settings.startAt = Date.parse(start)
    else
      errors.start = `The day's start must be an ISO time with its offset, such as 2026-03-02T08:00:00-05:00.`
  }
  if (form.functions.trim() === '') return
  const rule =
    'Function answers must be a JSON object such as {"lookupCustomer": {"returns": "gold", "after": "1s"}}'
  let value: unknown
  try {
    value = JSON.parse(form.functions)
  } catch (error) {
    errors.functions = `${rule}: ${jsonProblem(form.functions, error) || 'it does not parse'}.`
    return
  }
  const checked = setupSchema.safeParse({ functions: value })
  if (checked.success && checked.data.functions) {
    settings.functions = checked.data.functions
    return
  }
  const issue = checked.error?.issues[0]
  const name = issue?.path[1]
  errors.functions =
    name === undefined
      ? `${rule}.`
      : `Function "${String(name)}" must answer {"returns": <value>, "after": "1s"}, {"throws": "message"} or {"hangs": true}.`
}

function readProfile(minutesText: string, text: string): ArrivalProfile | string {
  const intervalMinutes = Number(minutesText)
  if (![15, 30, 60].includes(intervalMinutes)) return 'The profile interval must be 15, 30 or 60 minutes.'
  return readArrivalProfile(text, intervalMinutes)
}

/** What the simulated contacts are called: calls on voice, `chat contacts` on any other media. */
export function contactsOf(media: string): string {
  return media === 'voice' ? 'calls' : `${media} contacts`
}

/** The fields every contact of a run arrived with, for the result's heading: `chat, priority 5, DNIS 8001`. */
export function interactionOf(settings: SimSettings): string {
  const data = settings.data ? JSON.stringify(settings.data) : undefined
  return [
    settings.media,
    settings.priority !== undefined ? `priority ${settings.priority}` : undefined,
    settings.dnis !== undefined ? `DNIS ${settings.dnis}` : undefined,
    settings.ani !== undefined ? `ANI ${settings.ani}` : undefined,
    // a long object stays readable in one caption line; the form above keeps it whole
    data !== undefined ? `data ${data.length > 60 ? `${data.slice(0, 59)}…` : data}` : undefined,
  ]
    .filter(Boolean)
    .join(', ')
}

/** The measured period's mean arrival rate per hour (a profile averaged over the simulated hours). */
export function meanArrivalsPerHour(settings: SimSettings): number {
  if (settings.arrivalsPerHour !== undefined) return settings.arrivalsPerHour
  const profile = settings.arrivalProfile
  return profile ? meanProfileRate(profile, settings.warmupHours, settings.durationHours) : 0
}
