// Whether a PostgreSQL store answers, asked once before a command starts its work: what is wrong, said in words.
import pg from 'pg'
import { roleSetting, STARTUP_PARAMS, sessionOptions, settingsOf, userOptionsOf } from './postgres-options.ts'
import { passwordSplitsUrl, withoutParams } from './sql-database.ts'

/** Why a PostgreSQL URL cannot be used as a store, and what to change. */
export interface StoreProblem {
  cause: string
  fix: string
  /**
   * The server could not be reached (refused, timed out, no route, a name lookup that may work later): a server that
   * records while it runs can start anyway and spool; a URL, user, password or database that is wrong cannot heal.
   */
  outage: boolean
}

/** How long a connection waits for the server to answer, by default (the check's and the store's pool's). */
export const CONNECT_TIMEOUT_MS = 5000

/** A URL parameter in seconds as milliseconds; undefined when absent or not a positive number. */
function secondsParam(url: string, name: string): number | undefined {
  const given = new RegExp(`[?&]${name}=([^&#]*)`, 'i').exec(url)?.[1]
  const seconds = given === undefined ? Number.NaN : Number(given)
  return Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds * 1000) : undefined
}

/**
 * How long to wait for the server to answer a new connection: the URL's `connect_timeout` parameter (seconds, as
 * libpq reads it; node-postgres ignores it), else 5 s. A host that accepts and never answers (a blackholed server, a
 * firewall that drops) fails after it instead of hanging. A value that is not a positive number is not used.
 */
export function connectTimeoutOf(url: string): number {
  return secondsParam(url, 'connect_timeout') ?? CONNECT_TIMEOUT_MS
}

/**
 * How long one statement may wait for the server's answer, by default: a writer's 2,000-record batch takes 0.05-0.2 s
 * (12,000-40,000 records/s measured), a report over a day of 1,000,000 records up to 7.2 s of wall time on a loaded
 * host (README's figures): room of 100 and 15 times, while a server gone silent mid-query is given up on.
 */
export const QUERY_TIMEOUT_MS = { write: 30_000, report: 120_000 } as const

/**
 * How long a statement waits for the server's answer: the URL's `query_timeout` parameter (seconds, like
 * connect_timeout), else `fallbackMs`. A value that is not a positive number is not used.
 */
export function queryTimeoutOf(url: string, fallbackMs: number): number {
  return secondsParam(url, 'query_timeout') ?? fallbackMs
}

/**
 * The URL as node-postgres is given it: without our `query_timeout` (seconds: node-postgres reads a parameter of that
 * name itself, in milliseconds, and one in the URL wins over the pool's options, so `?query_timeout=30` would give up
 * after 30 ms), nor `options` and the timeouts node-postgres would send as startup parameters of their own: the store
 * gives it the user's options merged with its own (postgres-options.ts), which these would replace.
 */
export function withoutParamsOfOurs(url: string): string {
  return withoutParams(url, ['query_timeout', 'options', ...STARTUP_PARAMS])
}

/**
 * The server's own bound on a statement, a little under the client's `timeoutMs` (a tenth of it, at most 1 s): it
 * cancels a statement stuck on a lock and so lets go of the locks its transaction holds, where the client's timeout
 * only closes the socket, which the server notices once the lock is granted. Its answer comes before the client's
 * timer, so the cause is said as it is.
 */
export function serverTimeoutOf(timeoutMs: number): number {
  return Math.max(1, Math.round(timeoutMs - Math.min(1000, timeoutMs / 10)))
}

/** The host and port the URL names, for the message (`127.0.0.1:5432`); PostgreSQL's default port when none. */
function address(url: string): string {
  try {
    const { hostname, port } = new URL(url)
    return `${hostname || 'localhost'}:${port || '5432'}`
  } catch {
    return 'the host'
  }
}

/** A URL node-postgres cannot read: which part is wrong when it is the port, the commonest slip. */
function malformed(url: string): StoreProblem {
  // the host part follows the last "@" (a password may hold "/" or ":"), else the scheme
  const rest = url.includes('@')
    ? url.slice(url.lastIndexOf('@') + 1)
    : url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')
  const port = /:([^:\]]*)$/.exec(rest.split(/[/?#]/)[0] ?? '')?.[1]
  const cause =
    port !== undefined && !(/^\d+$/.test(port) && Number(port) <= 65535)
      ? `the port "${port}" is not a number from 1 to 65535`
      : passwordSplitsUrl(url)
        ? 'the password holds a "/", "?" or "#", where the host part would end (it would be read as the host)'
        : 'it is not a URL node-postgres can read'
  return {
    cause,
    outage: false,
    fix: 'Write it as postgres://user:password@host:5432/database, with @ : / ? # in the user or password percent-encoded (%40 for @)',
  }
}

/**
 * What is wrong with the store at `url` in words (undefined when it answers `SELECT 1`): a malformed URL, a host
 * not known or not answering, credentials refused, a database that does not exist. One connection, closed after.
 */
export async function postgresProblem(
  url: string,
  options: { connectTimeoutMs?: number } = {},
): Promise<StoreProblem | undefined> {
  // node-postgres would connect to what it took for the host (the password's start), and name it in its message
  if (passwordSplitsUrl(url)) return malformed(url)
  const timeoutMs = options.connectTimeoutMs ?? connectTimeoutOf(url)
  let client: pg.Client
  try {
    // query_timeout: a server that takes the handshake and then says nothing is given up on all the same
    // the startup options a writer's session sends (the URL's own and the store's bounds): a pooler that refuses
    // them is said here, not at the first batch
    const limitMs = queryTimeoutOf(url, QUERY_TIMEOUT_MS.write)
    const { options } = sessionOptions(userOptionsOf(url, process.env.PGOPTIONS), {
      statement_timeout: String(serverTimeoutOf(limitMs)),
      idle_in_transaction_session_timeout: String(limitMs),
    })
    client = new pg.Client({
      connectionString: withoutParamsOfOurs(url),
      connectionTimeoutMillis: timeoutMs,
      query_timeout: timeoutMs,
      options,
    })
  } catch {
    return malformed(url)
  }
  client.on('error', () => {}) // a socket error after the answer must not end the process
  try {
    await client.connect()
    await client.query('SELECT 1')
    return undefined
  } catch (error) {
    return connectionProblem(error, url, timeoutMs)
  } finally {
    await client.end().catch(() => {})
  }
}

/** The role the URL connects as, for an ALTER ROLE to copy (a placeholder when the URL names none). */
function roleOf(url: string): string {
  try {
    const user = decodeURIComponent(new URL(url).username)
    if (user) return /^[a-z_][a-z0-9_]*$/.test(user) ? user : `"${user.replaceAll('"', '""')}"`
  } catch {}
  return 'store_role'
}

/**
 * A pooler (PgBouncer: "unsupported startup parameter: options", SQLSTATE 08P01) refused the startup `options` that
 * carry the store's bounds and the URL's own settings: said with what to set there, and every setting to give the role
 * instead, since a pooler told to ignore `options` drops them all (a search_path with the bounds). No `SET` after
 * connecting instead: in transaction pooling it lands on a server connection other clients share (the README).
 * Not an outage: it answers the same until its configuration changes.
 */
function poolerRefusal(said: string, url: string, at: string): StoreProblem {
  const limitMs = queryTimeoutOf(url, QUERY_TIMEOUT_MS.write)
  const bounds = {
    statement_timeout: `${serverTimeoutOf(limitMs)}ms`,
    idle_in_transaction_session_timeout: `${limitMs}ms`,
  }
  return {
    cause: `${at} refused the session's startup parameters (${said}): a pooler such as PgBouncer, which passes on no startup "options" unless told to ignore them, and the store sends its statement_timeout and idle_in_transaction_session_timeout (and the URL's own options) in them`,
    fix: `Connect to PostgreSQL itself, or add options to PgBouncer's ignore_startup_parameters (ignore_startup_parameters = extra_float_digits,options) and set on the store's role the settings it then drops: ${roleSettings(url, bounds, "a writer's")} (the history README, "PostgreSQL connection URL")`,
    outage: false,
  }
}

/**
 * What to give the URL's role when a pooler drops the startup options: `bounds` (the store's, `whose` they are), then
 * the URL's own settings (the last of a name, as the server keeps it) other than those, which the bounds win over.
 * @example roleSettings('postgres://history@db/h', { statement_timeout: '29000ms' }, "a writer's")
 * // "the bounds, ALTER ROLE history SET statement_timeout = '29000ms' (a writer's)"
 */
export function roleSettings(url: string, bounds: Readonly<Record<string, string>>, whose: string): string {
  const role = roleOf(url)
  const own = new Map(
    settingsOf(userOptionsOf(url, process.env.PGOPTIONS) ?? '')
      .filter(({ name }) => !(name in bounds))
      .map(({ name, value }) => [name, value]),
  )
  const lines = (settings: Iterable<[string, string]>) =>
    [...settings].map(([name, value]) => roleSetting(role, name, value)).join('; ')
  const theirs = own.size > 0 ? `; and the URL's own options: ${lines(own)}` : ''
  return `the bounds, ${lines(Object.entries(bounds))} (${whose})${theirs}`
}

/**
 * The driver's error on connecting (a socket's `code`, or the server's SQLSTATE) as a cause and a fix: the check's,
 * and a store's that could not open (`timeoutMs`: how long it waited for the server).
 */
export function connectionProblem(error: unknown, url: string, timeoutMs: number): StoreProblem {
  const { code, message } = error as { code?: unknown; message?: unknown }
  const said = typeof message === 'string' ? message : String(error)
  const at = address(url)
  if (/unsupported startup parameter/i.test(said)) return poolerRefusal(said, url, at)
  switch (code) {
    case 'ECONNREFUSED':
      return {
        cause: `nothing accepts connections at ${at} (connection refused)`,
        fix: 'Start PostgreSQL there, or correct the host and port in the URL',
        outage: true,
      }
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return {
        cause: `the host ${at.slice(0, at.lastIndexOf(':'))} is not known (${code})`,
        fix: 'Correct the host name in the URL',
        // EAI_AGAIN: the name server did not answer, which a later lookup may get past
        outage: code === 'EAI_AGAIN',
      }
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return {
        cause: `${at} cannot be reached (${code})`,
        fix: 'Check the host and port, and that a firewall lets this machine reach the server',
        outage: true,
      }
    case '28P01':
      return {
        cause: `the server refused the credentials: ${said}`,
        fix: 'Correct the user and password in the URL (postgres://user:password@host/database)',
        outage: false,
      }
    case '28000':
      return {
        cause: `the server refused the connection: ${said}`,
        fix: 'Give a user the server knows and may connect from this machine (its pg_hba.conf), or ask its administrator for one',
        outage: false,
      }
    case '3D000':
      return {
        cause: `the server answers, but ${said}`,
        fix: 'Create the database (createdb, or CREATE DATABASE) or name an existing one in the URL',
        outage: false,
      }
  }
  // pg's own time limits (connect, pool checkout, query read), not any message that says "timeout": a server's
  // refusal quoting a URL with connect_timeout in it is an answer
  if (
    typeof code !== 'string' &&
    /^(timeout expired|connection terminated due to connection timeout|query read timeout)/i.test(said)
  )
    return {
      cause: `no answer from ${at} within ${timeoutMs / 1000} s (it accepts connections but says nothing, or a firewall drops them)`,
      fix: 'Check that PostgreSQL runs there and that a firewall lets this machine reach the port; a slow server may take longer (?connect_timeout=SECONDS in the URL)',
      outage: true,
    }
  return {
    cause: typeof code === 'string' ? `${said} (${code})` : said,
    fix: 'Check that the URL names a PostgreSQL server this machine can reach and may use',
    // a socket's error, or SQLSTATE 08 (connection), 53 (resources), 57 (starting up, shutting down): may pass
    outage: typeof code !== 'string' || /^(E[A-Z]|08|53|57)/.test(code),
  }
}
