// The pieces every throw-away server of a test shares: its output kept for error messages, and a stop that waits
// for the exit.
import type { ChildProcess } from 'node:child_process'

/** Everything the child prints, for error messages. */
export function collectOutput(child: ChildProcess): () => string {
  let output = ''
  const append = (chunk: unknown) => {
    output += String(chunk)
  }
  child.stdout?.on('data', append)
  child.stderr?.on('data', append)
  return () => output
}

/** Sends `signal` and resolves once the child has exited (at once when it already has). */
export function stopChild(child: ChildProcess, signal: NodeJS.Signals, pid = child.pid): Promise<void> {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve()
    child.once('exit', () => resolve())
    try {
      if (pid !== undefined) process.kill(pid, signal)
    } catch {
      child.kill(signal) // the pid named is gone: signal the child itself
    }
  })
}
