// Starting sipp so that it is really up: on a free SIP port and media ports, checked with a SIP OPTIONS it answers
// (-aa). sipp exits at once when a port it binds is taken (its video RTP port is the media port + 2, which nothing
// checked), and a phone that died so was registered all the same: calls to its agent rang nothing.
import { createSocket } from 'node:dgram'
import { readFileSync } from 'node:fs'
import { type Child, freePort, startChild } from './processes.ts'

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

/**
 * Sends OPTIONS to `port` (again every 50 ms: one small datagram, and a phone's start waits on it) until a 200 comes
 * back (true), the process exits first (false), or `timeoutMs` pass (throws).
 */
async function answersOptions(child: Child, port: number, timeoutMs: number): Promise<boolean> {
  const socket = createSocket('udp4')
  const callId = `probe-${port}-${Date.now()}`
  let timer: ReturnType<typeof setInterval> | undefined
  let deadline: ReturnType<typeof setTimeout> | undefined
  try {
    return await new Promise<boolean>((resolve, reject) => {
      socket.on('message', (message) => {
        const text = message.toString('latin1')
        if (text.startsWith('SIP/2.0 200') && text.includes(callId)) resolve(true)
      })
      socket.once('error', reject)
      void child.exited.then(() => resolve(false))
      deadline = setTimeout(
        () => reject(new Error(`${child.name} did not answer SIP on port ${port} within ${timeoutMs} ms`)),
        timeoutMs,
      )
      socket.bind(0, HOST, () => {
        const probe = Buffer.from(optionsProbe(port, socket.address().port, callId), 'latin1')
        const send = () => socket.send(probe, port, HOST)
        send()
        timer = setInterval(send, 50)
      })
    })
  } finally {
    clearInterval(timer)
    clearTimeout(deadline)
    socket.close()
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

/** Resolves true once sipp's SIP socket is bound, false if it exits first; throws after `timeoutMs`. */
async function bindsPort(child: Child, port: number, timeoutMs: number): Promise<boolean> {
  let exited = false
  void child.exited.then(() => {
    exited = true
  })
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (udpBound(port)) return true
    if (exited) return false
    if (Date.now() > deadline)
      throw new Error(`${child.name} did not bind SIP port ${port} within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
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
    const child = startChild(
      name,
      SIPP_BINARY,
      [...args, '-p', String(port), '-mp', String(media), '-i', HOST, ...(probe ? ['-aa'] : []), '-nostdin'],
      logFile,
      cwd,
    )
    let answered: boolean
    try {
      answered = probe ? await answersOptions(child, port, 15_000) : await bindsPort(child, port, 15_000)
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
