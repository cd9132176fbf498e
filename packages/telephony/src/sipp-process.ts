// Starting sipp so that it is really up: on a free SIP port and media ports, checked with a SIP OPTIONS it answers
// (-aa). sipp exits at once when a port it binds is taken (its video RTP port is the media port + 2, which nothing
// checked), and a phone that died so was registered all the same: calls to its agent rang nothing.
import { createSocket } from 'node:dgram'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { waitFor } from '@routewright/node-support/ports'
import { type Child, freePort, startChild } from './processes.ts'
import { ownFiles, runDirProgress } from './stack-progress.ts'

// Its probes and deadlines stay on Node's timers and Date.now, not a bridge's injected ones: they wait for a sipp
// process the OS runs in real time, whatever clock a test moves.

export const SIPP_BINARY = '/usr/bin/sipp'
const HOST = '127.0.0.1'

async function udpFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4')
    socket.once('error', () => resolve(false))
    socket.bind(port, HOST, () => socket.close(() => resolve(true)))
  })
}

/** A port for sipp's -mp: sipp binds it (audio RTP) and the port two above it (video RTP). */
export async function freeMediaPort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await freePort(HOST)
    if (port + 2 <= 65_535 && (await udpFree(port + 2))) return port
  }
  throw new Error(`No free media port pair (N and N+2) found on ${HOST} after 50 tries`)
}

/** The OPTIONS request of a probe from `from` to the sipp on `port`. */
export function optionsProbe(port: number, from: number, callId: string): string {
  return [
    `OPTIONS sip:probe@${HOST}:${port} SIP/2.0`,
    `Via: SIP/2.0/UDP ${HOST}:${from};branch=z9hG4bK-${callId}`,
    `From: <sip:routewright@${HOST}:${from}>;tag=${callId}`,
    `To: <sip:probe@${HOST}:${port}>`,
    `Call-ID: ${callId}`,
    'CSeq: 1 OPTIONS',
    'Max-Forwards: 70',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n')
}

/** Sends sipp on `port` an OPTIONS probe (`send`) and says whether it answered (`answered`): one socket per start. */
async function optionsProber(port: number): Promise<{ send(): void; answered(): boolean; close(): void }> {
  const socket = createSocket('udp4')
  const callId = `probe-${port}-${Date.now()}`
  let answered = false
  let failed: Error | undefined
  socket.on('message', (message) => {
    const text = message.toString('latin1')
    if (text.startsWith('SIP/2.0 200') && text.includes(callId)) answered = true
  })
  socket.on('error', (error) => {
    failed = error
  })
  await new Promise<void>((resolve) => socket.bind(0, HOST, resolve))
  const probe = Buffer.from(optionsProbe(port, socket.address().port, callId), 'latin1')
  return {
    send: () => socket.send(probe, port, HOST),
    answered() {
      if (failed) throw failed
      return answered
    },
    close: () => socket.close(),
  }
}

/** Whether a UDP socket is bound to `port` on 127.0.0.1, read from the kernel's table: nothing is sent to it. */
function udpBound(port: number): boolean {
  const local = `0100007F:${port.toString(16).toUpperCase().padStart(4, '0')}`
  try {
    return readFileSync('/proc/net/udp', 'latin1')
      .split('\n')
      .some((line) => line.trim().split(/\s+/)[1] === local)
  } catch {
    return true // no such table (not Linux): fall back to not waiting
  }
}

/** How long sipp may start with none of its files in its run folder growing, and the poll (a probe sent per poll). */
export const SIPP_START_MS = 15_000
const SIPP_POLL_MS = 25

export interface SippStartWait {
  /** Check that it answers SIP (an OPTIONS probe each poll), else that its SIP port is bound. */
  probe: boolean
  /** The folder sipp runs in (its log and traces, and other processes'). */
  runDir: string
  /** Which of the folder's files are this sipp's (sippFiles): the wait goes on while one of them grows. */
  own: (file: string) => boolean
  /** Default SIPP_START_MS; the hard cap is 4 x this from the start. */
  timeoutMs?: number
  now?: () => number
  sleep?: (ms: number) => Promise<void>
}

/**
 * Resolves true once sipp on `port` answers SIP (or has bound it, without the probe), false at once if it exits
 * first. Progress-based (ports.ts `waitFor` on its own files in the run folder): on a loaded host it waits while its
 * log or traces grow, and throws once none grew for `timeoutMs`, or at 4 x `timeoutMs`, saying what grew last.
 */
export async function sippStarted(
  child: Pick<Child, 'name' | 'exited'>,
  port: number,
  { probe, runDir, own, timeoutMs = SIPP_START_MS, ...clock }: SippStartWait,
): Promise<boolean> {
  let exited = false
  void child.exited.then(() => {
    exited = true
  })
  const prober = probe ? await optionsProber(port) : undefined
  try {
    const outcome = await waitFor(
      `${child.name} to ${probe ? 'answer SIP' : 'bind its SIP port'} on port ${port}`,
      () => {
        if (prober ? prober.answered() : udpBound(port)) return 'started'
        if (exited) return 'exited'
        prober?.send()
        return undefined
      },
      timeoutMs,
      { intervalMs: SIPP_POLL_MS, progress: runDirProgress(() => [runDir], own), ...clock },
    )
    return outcome === 'started'
  } finally {
    prober?.close()
  }
}

/** sipp's options naming a file it writes. */
const SIPP_FILE_OPTIONS = new Set([
  '-message_file',
  '-shortmessage_file',
  '-log_file',
  '-error_file',
  '-screen_file',
  '-calldebug_file',
  '-stf',
])

/**
 * Which files are the sipp `child` started with `args` in folder `cwd`: its log (its screen goes to stdout), the
 * files its args name, and those it names after its pid (`<scenario>_<pid>_errors.log` and the like).
 */
export function sippFiles(
  child: Pick<Child, 'logFile' | 'process'>,
  args: readonly string[],
  cwd: string,
): (file: string) => boolean {
  const argFiles = args.flatMap((arg, i) =>
    SIPP_FILE_OPTIONS.has(arg) && args[i + 1] !== undefined ? [path.resolve(cwd, args[i + 1]!)] : [],
  )
  const named = ownFiles(child.logFile, ...argFiles)
  const pid = child.process.pid === undefined ? undefined : `_${child.process.pid}_`
  return (file) => named(file) || (pid !== undefined && path.basename(file).includes(pid))
}

export interface SippProcess {
  child: Child
  /** Its SIP port. */
  port: number
}

export interface SippStart {
  /**
   * Check that it answers SIP before resolving (default true). Not for a server scenario run with `-m`: one that
   * answered the OPTIONS took no INVITE afterwards (seen with `-m 1`); without the probe, resolving waits until its
   * SIP port is bound, so a caller started next does not send into a port nothing listens on yet.
   */
  probe?: boolean
  attempts?: number
  /** Where media ports come from (default freeMediaPort); tests hand out a taken one. */
  mediaPort?: () => Promise<number>
}

/**
 * Starts sipp with `args` (its own ports, `-i`, `-aa` and `-nostdin` are added) and resolves once it answers SIP,
 * or once it exited with 0 (a short run, as a registration). Exiting otherwise before it answered means it could not
 * start (a port taken since it was picked): it is started again on other ports, up to `attempts` times.
 */
export async function startSipp(
  name: string,
  args: readonly string[],
  logFile: string,
  cwd: string,
  { probe = true, attempts = 3, mediaPort = freeMediaPort }: SippStart = {},
): Promise<SippProcess> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort(HOST)
    const media = await mediaPort()
    const sippArgs = [
      ...args,
      '-p',
      String(port),
      '-mp',
      String(media),
      '-i',
      HOST,
      ...(probe ? ['-aa'] : []),
      '-nostdin',
    ]
    const child = startChild(name, SIPP_BINARY, sippArgs, logFile, cwd)
    let answered: boolean
    try {
      // its own files only: callers or another phone busy in the folder are no sign this one is starting
      answered = await sippStarted(child, port, { probe, runDir: cwd, own: sippFiles(child, sippArgs, cwd) })
    } catch (error) {
      await child.stop()
      throw error
    }
    const code = answered ? undefined : await child.exited
    if (answered || code === 0) return { child, port }
    if (attempt >= attempts) {
      await child.logged
      // sipp's own errors are its timestamped lines, above the statistics screen it prints as it exits
      const errors = child.tail(200).match(/^\d{4}-\d\d-\d\d\t.*$/gm) ?? ['(none logged)']
      throw new Error(
        `${name}: sipp exited (${code}) as it started, ${attempts} times; its last error: ${errors.at(-1)} (log: ${logFile})`,
      )
    }
  }
}
