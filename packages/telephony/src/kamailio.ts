// Kamailio for a stack: the repository's config with this run's addresses and timers filled in, run in the
// foreground with its runtime files in the run's folder.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { type Child, startChild } from './processes.ts'

export const KAMAILIO_CONFIG = path.resolve(
  import.meta.dirname,
  '../../../examples/telephony/kamailio/kamailio.cfg',
)
export const KAMAILIO_BINARY = '/usr/sbin/kamailio'

export interface KamailioSettings {
  host: string
  sipPort: number
  evapiPort: number
  /** JSON-RPC over HTTP (TCP, same host): the bridge reads the calls Kamailio holds there. */
  rpcPort: number
  runDir: string
  /** Ring-no-answer: an agent's phone that rang this long is cancelled and the call goes to the next agent. */
  ronaMs: number
  /** The longest a call waits in the virtual queue. */
  queueMs: number
  /**
   * How long Kamailio remembers how a call ended (its `ended` htable): a bridge whose link was down longer cannot
   * tell a ringing call answered and ended meanwhile from one abandoned. Default 300 s.
   */
  endedKeepS?: number
  /**
   * The Retry-After (seconds) of Kamailio's own 503 when no bridge is connected (kamailio.cfg's RETRY_AFTER_S,
   * BridgeOptions.retryAfterSeconds's twin). Default none (0 in the config).
   */
  retryAfterS?: number
  /**
   * tm's wt_timer: how long a completed transaction stays in memory for late replies (after it, tm relays a phone's
   * 200 statelessly). Default 5000 ms, Kamailio's; tests of those late answers shorten it to wait less.
   */
  tmWaitMs?: number
  /**
   * tm's fr_timer: how long Kamailio follows a request with no final answer (a release's BYE to a silent phone) before
   * it gives it up; the bridge's byeGiveUpMs is this. Default 5000 ms; tests of that give-up shorten it to wait less.
   */
  frTimerMs?: number
  children?: number
  debug?: number
  /** The config template to fill in; default the repository's (KAMAILIO_CONFIG). */
  config?: string
}

/** The config text with every `__NAME__` placeholder replaced; throws on one left unknown. */
export function renderKamailioConfig(template: string, s: KamailioSettings): string {
  const values: Record<string, string> = {
    SIP_ADDR: s.host,
    SIP_PORT: String(s.sipPort),
    EVAPI_PORT: String(s.evapiPort),
    RPC_PORT: String(s.rpcPort),
    RUN_DIR: s.runDir,
    RONA_MS: String(Math.round(s.ronaMs)),
    QUEUE_MS: String(Math.round(s.queueMs)),
    LIFETIME_MS: String(Math.round(s.queueMs + 60_000)),
    LIFETIME_S: String(Math.ceil((s.queueMs + 60_000) / 1000)),
    ENDED_KEEP_S: String(Math.ceil(s.endedKeepS ?? 300)),
    RETRY_AFTER_S: String(s.retryAfterS ?? 0),
    TM_WAIT_MS: String(Math.round(s.tmWaitMs ?? 5000)),
    FR_TIMER_MS: String(Math.round(s.frTimerMs ?? 5000)),
    CHILDREN: String(s.children ?? 4),
    DEBUG: String(s.debug ?? 1),
  }
  return template.replace(/__([A-Z_]+)__/g, (whole, name: string) => {
    const value = values[name]
    if (value === undefined) throw new Error(`kamailio.cfg: unknown placeholder ${whole}`)
    return value
  })
}

export function startKamailio(s: KamailioSettings): Child {
  if (!existsSync(KAMAILIO_BINARY))
    throw new Error(
      `${KAMAILIO_BINARY} is missing: apt-get install -y kamailio kamailio-extra-modules kamailio-json-modules`,
    )
  const config = path.join(s.runDir, 'kamailio.cfg')
  writeFileSync(config, renderKamailioConfig(readFileSync(s.config ?? KAMAILIO_CONFIG, 'utf8'), s))
  return startChild(
    'kamailio',
    KAMAILIO_BINARY,
    [
      '-DD',
      '-E',
      '-f',
      config,
      '-Y',
      s.runDir,
      '-P',
      path.join(s.runDir, 'kamailio.pid'),
      '-m',
      '64',
      '-M',
      '8',
    ],
    path.join(s.runDir, 'kamailio.log'),
    s.runDir,
  )
}
