// A stack's child processes and log files at shutdown: output that arrives after a child's exit still reaches its
// log, and a line written after a log was closed (a late timer's, a socket's error) is dropped, not thrown.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openLogFile, startChild, waitFor } from '../src/processes.ts'

let folder: string
beforeEach(() => {
  folder = mkdtempSync(path.join(tmpdir(), 'routewright-processes-'))
})
afterEach(() => {
  rmSync(folder, { recursive: true, force: true })
})

/** Resolves after the events already queued (a stream's 'error' is emitted on a later tick) have run. */
const settled = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('log files', () => {
  it('drops a line written after close instead of raising ERR_STREAM_WRITE_AFTER_END', async () => {
    const file = path.join(folder, 'bridge.log')
    const log = openLogFile(file)
    const errors: Error[] = []
    log.stream.on('error', (error) => errors.push(error))
    log.write('first\n')
    // the stack closes its logs while requests and timers may still be running: they write during the close
    const closing = log.close()
    log.write('too late\n')
    await closing
    log.write('after the close\n')
    await settled()
    expect(errors).toEqual([])
    expect(readFileSync(file, 'utf8')).toBe('first\n')
  })

  it('keeps going when the file cannot be written (its folder removed)', async () => {
    const log = openLogFile(path.join(folder, 'gone', 'serve.log'))
    log.write('nowhere\n')
    await settled()
    log.write('still nowhere\n')
    await expect(log.close()).resolves.toBeUndefined()
  })
})

describe('startChild', () => {
  it('logs output a child leaves behind after its exit (a process it started writes later)', async () => {
    const logFile = path.join(folder, 'late.log')
    // the shell exits at once; the subshell it leaves keeps the output pipe and writes 200 ms later
    const child = startChild('late', 'sh', ['-c', 'echo early; (sleep 0.2; echo late) & exit 0'], logFile)
    expect(await child.exited).toBe(0)
    // the log opens asynchronously: on a loaded machine the child may exit before the file exists
    await waitFor(
      'the late line in the log',
      () => existsSync(logFile) && readFileSync(logFile, 'utf8').includes('late\n'),
      10_000,
    )
    expect(readFileSync(logFile, 'utf8')).toBe('early\nlate\n')
    expect(child.tail()).toContain('late')
  })

  it('resolves exited with -1 and logs why when the command does not exist', async () => {
    const logFile = path.join(folder, 'missing.log')
    const child = startChild('missing', path.join(folder, 'no-such-binary'), [], logFile)
    expect(await child.exited).toBe(-1)
    await waitFor('the error in the log', () => child.tail().includes('ENOENT'), 10_000)
    expect(child.tail()).toMatch(/missing: spawn .*no-such-binary ENOENT/)
  })
})
