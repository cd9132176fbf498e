// `npm run demo:sip` as a person runs it: values that would start a run nobody waits for are refused before
// anything starts, and a Ctrl-C / SIGTERM while the stack is still starting leaves no Kamailio or sipp behind.
import { execFileSync } from 'node:child_process'
import { testFolder } from '@routewright/node-support/testing'
import { describe, expect, it } from 'vitest'
import { runDemo } from '../src/demo.ts'
import { waitFor } from '../src/processes.ts'

/** This process's children by command name (Kamailio, sipp): what a demo leaves running. */
function children(): string[] {
  try {
    return execFileSync('ps', ['-o', 'comm=', '--ppid', String(process.pid)], { encoding: 'utf8' })
      .split('\n')
      .map((line) => line.trim())
      .filter((name) => name === 'kamailio' || name === 'sipp')
  } catch {
    return [] // ps exits 1 when there is no child at all
  }
}

describe('demo:sip', () => {
  it.each([
    [
      ['--calls', '200', '--rate', '1e-9'],
      /would take 55555555\.6 hours of arrivals; keep calls \/ rate within 24 hours/,
    ],
    [['--hold', '1e9'], /--hold must be at most 3600 \(got "1e9"\)/],
    [['--patience', '86400'], /--patience must be at most 3600/],
    [
      ['--retry-after', '3601'],
      /--retry-after must be a whole number of seconds from 1 to 3600 \(got "3601"\)/,
    ],
    [
      ['--retry-after', '1.5'],
      /--retry-after must be a whole number of seconds from 1 to 3600 \(got "1\.5"\)/,
    ],
  ])('refuses %j before starting anything', async (argv, message) => {
    const lines: string[] = []
    await expect(runDemo(argv, (line) => lines.push(line))).rejects.toThrow(message)
    expect(lines).toEqual([])
    expect(children()).toEqual([])
  })

  it('prints its usage for --help and starts nothing', async () => {
    const lines: string[] = []
    await expect(runDemo(['--help'], (line) => lines.push(line))).resolves.toBe(0)
    expect(lines.join('\n')).toMatch(/^Usage: npm run demo:sip -- \[--calls 200\] .*\[--seed 1\]$/m)
    expect(lines.join('\n')).toMatch(/--ring +seconds an agent's phone rings before answering/)
    expect(children()).toEqual([])
  })

  it('names the unknown option and shows the usage', async () => {
    await expect(runDemo(['--call', '5'], () => {})).rejects.toThrow(
      /Unknown option '--call'.*\nUsage: npm run demo:sip -- \[--calls 200\]/s,
    )
    expect(children()).toEqual([])
  })

  it('stops Kamailio and the phones when interrupted while the stack is starting', async () => {
    const interrupt = new AbortController()
    const lines: string[] = []
    const run = runDemo(['--calls', '5', '--agents', '2'], (line) => lines.push(line), {
      signal: interrupt.signal,
      // the demo keeps its logs for a person; this test's go once it passed
      runDir: testFolder('routewright-demo-'),
    })
    // Kamailio runs before the phones register: the stack is half started
    await waitFor('Kamailio started by the demo', () => children().includes('kamailio') || undefined, 60_000)
    interrupt.abort()
    expect(await run).toBe(130)
    expect(lines).toContainEqual(expect.stringMatching(/^interrupted: stopping Kamailio/))
    expect(children()).toEqual([])
  })
})
