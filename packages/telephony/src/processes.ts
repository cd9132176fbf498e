// Child processes of a stack: started with their output kept in a log file, stopped by their pid (SIGTERM, then
// SIGKILL), free loopback ports, and waiting for a condition instead of sleeping.
import { type ChildProcess, spawn } from 'node:child_process'
import { createSocket } from 'node:dgram'
import { createWriteStream, readFileSync } from 'node:fs'
import { createServer } from 'node:net'

export interface Child {
  name: string
  process: ChildProcess
  logFile: string
  /** Resolves with the exit code (or the signal's name) once the process has exited. */
  exited: Promise<number | string>
  stop(): Promise<void>
  /** The end of its log, for error messages. */
  tail(lines?: number): string
}

export function startChild(
  name: string,
  command: string,
  args: string[],
  logFile: string,
  cwd?: string,
): Child {
  const log = createWriteStream(logFile, { flags: 'a' })
  const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] })
  child.stdout?.pipe(log, { end: false })
  child.stderr?.pipe(log, { end: false })
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? -1))
    child.once('error', (error) => {
      log.write(`\n${name}: ${error.message}\n`)
      resolve(-1)
    })
  })
  void exited.then(() => log.end())
  const tail = (lines = 20) => {
    try {
      return readFileSync(logFile, 'utf8').split('\n').slice(-lines).join('\n')
    } catch {
      return ''
    }
  }
  return {
    name,
    process: child,
    logFile,
    exited,
    tail,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return
      child.kill('SIGTERM')
      const killed = setTimeout(() => child.kill('SIGKILL'), 5000)
      await exited
      clearTimeout(killed)
    },
  }
}

/** A port free on 127.0.0.1 for both UDP and TCP (SIP listens on UDP, evapi and HTTP on TCP). */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer()
      server.once('error', reject)
      server.listen(0, host, () => {
        const address = server.address()
        server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
      })
    })
    const udpFree = await new Promise<boolean>((resolve) => {
      const socket = createSocket('udp4')
      socket.once('error', () => resolve(false))
      socket.bind(port, host, () => socket.close(() => resolve(true)))
    })
    if (udpFree && !taken.has(port)) {
      taken.add(port)
      return port
    }
  }
  throw new Error('no free loopback port found')
}
// ports handed out by this process: two stacks started together never get the same one
const taken = new Set<number>()

/** Polls `check` until it returns a value other than undefined/false; throws `what` after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs: number,
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value !== undefined && value !== false) return value
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
  }
}
