// The startup `options` a store's PostgreSQL session begins with: its own settings added to the user's (the URL's
// `options`, else PGOPTIONS), which node-postgres would otherwise let replace them whole.
// pure: nothing here reads the clock, the environment or the network

/** A setting the user's options gave that the store's own replaces: the user's value and the store's. */
export interface OverriddenSetting {
  name: string
  theirs: string
  ours: string
}

/** The options string to start a session with, and the user's settings it overrides. */
export interface SessionOptions {
  options: string
  overridden: OverriddenSetting[]
}

/** A URL parameter's value, decoded as node-postgres decodes it (`%20` or `+` for a space); undefined when absent. */
function paramOf(url: string, name: string): string | undefined {
  const raw = new RegExp(`[?&]${name}=([^&#]*)`, 'i').exec(url)?.[1]
  return raw === undefined ? undefined : (new URLSearchParams(`p=${raw}`).get('p') ?? undefined)
}

/**
 * URL parameters node-postgres sends as startup parameters of their own, which the server applies after `options`:
 * taken out of the URL and given as options instead, so that the store's bounds still come last.
 */
export const STARTUP_PARAMS = ['statement_timeout', 'idle_in_transaction_session_timeout'] as const

/**
 * The user's session options: the URL's `options` (else `fallback`, the PGOPTIONS libpq reads when the URL has none)
 * and its `statement_timeout` or `idle_in_transaction_session_timeout` parameters (node-postgres's, in ms), in
 * `-c name=value` words; undefined when there are none.
 */
export function userOptionsOf(url: string, fallback: string | undefined): string | undefined {
  const params = STARTUP_PARAMS.flatMap((name) => {
    const value = paramOf(url, name)
    return value === undefined ? [] : [`-c ${name}=${value.replace(/[\\\s]/g, '\\$&')}`]
  })
  const options = [paramOf(url, 'options') ?? fallback ?? '', ...params]
    .filter((part) => part.trim())
    .join(' ')
  return options || undefined
}

/** The options' words, split at spaces as PostgreSQL splits them: a backslash keeps the next character (`\ `). */
function words(options: string): string[] {
  const found: string[] = []
  let word = ''
  let escaped = false
  for (const char of options) {
    if (escaped) {
      word += char
      escaped = false
    } else if (char === '\\') escaped = true
    else if (/\s/.test(char)) {
      if (word) found.push(word)
      word = ''
    } else word += char
  }
  if (word) found.push(word)
  return found
}

/** A setting's name as PostgreSQL matches it: case does not count, and `--statement-timeout` is statement_timeout. */
function nameOf(name: string): string {
  return name.trim().toLowerCase().replaceAll('-', '_')
}

/** The `name=value` settings in an options string, in order: `-c name=value`, `-cname=value`, `--name=value`. */
export function settingsOf(options: string): Array<{ name: string; value: string }> {
  const list = words(options)
  const settings: Array<{ name: string; value: string }> = []
  for (let i = 0; i < list.length; i++) {
    const word = list[i] ?? ''
    const pair = word === '-c' ? list[++i] : /^(?:-c|--)(.+)$/.exec(word)?.[1]
    const at = pair?.indexOf('=') ?? -1
    if (pair !== undefined && at > 0)
      settings.push({ name: nameOf(pair.slice(0, at)), value: pair.slice(at + 1) })
  }
  return settings
}

const UNIT_MS: Record<string, number> = {
  us: 0.001,
  ms: 1,
  s: 1000,
  min: 60_000,
  h: 3_600_000,
  d: 86_400_000,
}

/** A value as the server would take it, to compare: a time in ms (a bare number is ms), a boolean as on/off. */
export function comparable(value: string): string {
  const flat = value.trim().toLowerCase()
  const time = /^(\d+(?:\.\d+)?)\s*(us|ms|s|min|h|d)?$/.exec(flat)
  if (time) return String(Number(time[1]) * (UNIT_MS[time[2] ?? 'ms'] ?? 1))
  if (/^(on|true|yes|1)$/.test(flat)) return 'on'
  if (/^(off|false|no|0)$/.test(flat)) return 'off'
  return flat
}

/**
 * The user's options, kept as given (search_path and any other setting), with `ours` after them as `-c name=value`:
 * the server applies the words in order, so ours win for the names they set. The user's settings of those names with
 * another value are listed, to be said.
 * @example sessionOptions('-c search_path=rw', { statement_timeout: '29000' }).options
 * // '-c search_path=rw -c statement_timeout=29000'
 */
export function sessionOptions(
  userOptions: string | undefined,
  ours: Readonly<Record<string, string>>,
): SessionOptions {
  // the last of the user's settings of a name is the one the server would have kept
  const theirs = new Map(settingsOf(userOptions ?? '').map(({ name, value }) => [name, value]))
  const overridden: OverriddenSetting[] = []
  for (const [name, own] of Object.entries(ours)) {
    const value = theirs.get(name)
    if (value !== undefined && comparable(value) !== comparable(own))
      overridden.push({ name, theirs: value, ours: own })
  }
  const mine = Object.entries(ours).map(([name, value]) => `-c ${name}=${value}`)
  return { options: [userOptions?.trim() ?? '', ...mine].filter(Boolean).join(' '), overridden }
}

/**
 * An `ALTER ROLE ... SET` line for a setting, to give a role what a pooler's dropped startup options carried: a number
 * or a list of names as it is (`search_path = rw, public`, two schemas), anything else quoted.
 * @example roleSetting('history', 'statement_timeout', '29000ms') // "ALTER ROLE history SET statement_timeout = '29000ms'"
 */
export function roleSetting(role: string, name: string, value: string): string {
  const bare = /^(\d+|[a-z_][\w$]*(\s*,\s*[a-z_][\w$]*)*)$/i.test(value.trim())
  return `ALTER ROLE ${role} SET ${name} = ${bare ? value.trim() : `'${value.replaceAll("'", "''")}'`}`
}
