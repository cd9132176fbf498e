// Child processes of a stack: started with their output kept in a log file, stopped by their pid (SIGTERM, then
// SIGKILL); log files that late output cannot break; free loopback ports and waiting for a condition come from
// node-support.
import { type ChildProcess, spawn } from 'node:child_process'
import { createWriteStream, readFileSync, type WriteStream } from 'node:fs'
import { tiedCommand } from '@routewright/node-support/tied-child'

export interface LogFile {
  /** The file's stream, for piping a child's output into it (with `{ end: false }`). */
  stream: WriteStream
  /** Appends `text`; once closed (or broken) the text is dropped: a late timer's or socket's line is no error. */
  write(text: string): void
  /** Ends the file; resolves once what was written is on disk. */
  close(): Promise<void>
}

/**
 * Opens `file` for appending. A plain stream written after end throws ERR_STREAM_WRITE_AFTER_END as an uncaught
 * error (a test run then fails whatever its tests said), and an unwritable file (its folder removed) does the same.
 */
export function openLogFile(file: string): LogFile {
  const stream = createWriteStream(file, { flags: 'a' })
  let failed = false
  stream.on('error', () => {
    failed = true // a log is for reading afterwards: losing it must not stop what it logs
  })
  const closed = new Promise<void>((resolve) => stream.once('close', () => resolve()))
  return {
    stream,
    write(text) {
      if (!failed && !stream.writableEnded) stream.write(text)
    },
    close() {
      if (!stream.writableEnded) stream.end()
      return closed
    },
  }
}

export interface Child {
  name: string
  process: ChildProcess
  logFile: string
  /** Resolves with the exit code (or the signal's name) once the process has exited. */
  exited: Promise<number | string>
  /** Resolves once all its output is in its log file (both pipes closed), which may be after `exited`. */
  logged: Promise<void>
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
  const log = openLogFile(logFile)
  const child = spawn(...tiedCommand(command, args), { cwd, stdio: ['ignore', 'pipe', 'pipe'] })
  child.stdout?.pipe(log.stream, { end: false })
  child.stderr?.pipe(log.stream, { end: false })
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? -1))
    child.once('error', (error) => {
      log.write(`\n${name}: ${error.message}\n`)
      resolve(-1)
    })
  })
  // end the log once both pipes have closed: output can still arrive after 'exit', and a write after end throws
  let openPipes = 2
  let logged: () => void = () => {}
  const allLogged = new Promise<void>((resolve) => {
    logged = resolve
  })
  const pipeClosed = () => {
    if (--openPipes === 0) void log.close().then(logged)
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
    logged: allLogged,
    tail,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return
      child.kill('SIGTERM')
      // real time, not a bridge's timers: a process the OS runs is killed in real seconds, whatever clock a test moves
      const killed = setTimeout(() => child.kill('SIGKILL'), 5000)
      await exited
      clearTimeout(killed)
    },
  }
}

// one copy of these for every server a test or the stack starts; waitFor is patient while a running stack moves
export { freePort } from '@routewright/node-support/ports'
export { waitFor } from './stack-progress.ts'
