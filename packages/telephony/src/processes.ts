// Child processes of a stack: started with their output kept in a log file, stopped by their pid (SIGTERM, then
// SIGKILL); free loopback ports and waiting for a condition come from node-support.
import { type ChildProcess, spawn } from 'node:child_process'
import { createWriteStream, readFileSync } from 'node:fs'

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
      if (!log.writableEnded) log.write(`\n${name}: ${error.message}\n`)
      resolve(-1)
    })
  })
  // end the log once both pipes have closed: output can still arrive after 'exit', and a write after end throws
  let openPipes = 2
  const pipeClosed = () => {
    if (--openPipes === 0) log.end()
  }
  child.stdout?.once('close', pipeClosed)
  child.stderr?.once('close', pipeClosed)
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

// one copy of these for every server a test or the stack starts
export { freePort, waitFor } from '@routewright/node-support/ports'
