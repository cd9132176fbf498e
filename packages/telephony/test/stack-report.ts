// Why a real-call test failed: the bridge's calls and figures, then the ends of its event log, of Kamailio's log
// and of every sipp message trace (callers and phones), so a race seen once in CI can be read from its output.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { testFolder } from '@routewright/node-support/testing'
import { afterEach } from 'vitest'
import type { TelephonyStack } from '../src/index.ts'

/** The last `lines` lines of `file` (or why there are none). */
function tail(file: string, lines: number): string {
  if (!existsSync(file)) return '(no such file)'
  const all = readFileSync(file, 'utf8').trimEnd().split('\n')
  const kept = all.slice(-lines)
  return `${all.length > kept.length ? `(last ${kept.length} of ${all.length} lines)\n` : ''}${kept.join('\n')}`
}

/** One section per log of the stack's run folder; sipp traces last, as their messages are the long part. */
export function stackReport(stack: TelephonyStack): string {
  const views = stack.bridge.calls().map((c) => `  ${c.interaction} ${c.state} ${c.agent ?? '-'} ${c.dnis}`)
  const sections = [
    `run folder ${stack.runDir} (kept)`,
    `bridge figures ${JSON.stringify(stack.bridge.figures())}`,
    `bridge calls:\n${views.join('\n') || '  none'}`,
    `bridge.log:\n${tail(path.join(stack.runDir, 'bridge.log'), 80)}`,
    `kamailio.log:\n${tail(path.join(stack.runDir, 'kamailio.log'), 40)}`,
  ]
  const traces = readdirSync(stack.runDir)
    .filter((f) => f.endsWith('.messages.log'))
    .sort()
  for (const file of traces) sections.push(`${file}:\n${tail(path.join(stack.runDir, file), 160)}`)
  return sections.join('\n\n')
}

/** `keep(stack)`, and `keep.runDir()` for a test that writes scenarios into the folder it gives the stack. */
export interface KeepStack {
  (stack: TelephonyStack): TelephonyStack
  /** A new temporary run folder the test owns: removed after the test when it passed, kept when it failed. */
  runDir(): string
}

/**
 * For a test file whose tests each start a stack: `keep(stack)` hands it back and has it stopped after the test,
 * with its report printed when the test failed (a race seen once under load is read from that). After a passed
 * test the run folder is removed when the stack or `keep.runDir()` made it (never a folder the caller chose).
 */
export function stackPerTest(): KeepStack {
  let current: TelephonyStack | undefined
  afterEach(async (context) => {
    const failed = context.task.result?.state === 'fail'
    if (current && failed) console.error(stackReport(current))
    await current?.stop()
    // a failed test's folder stays for its logs (the report above names it)
    if (current?.madeRunDir && !failed) rmSync(current.runDir, { recursive: true, force: true })
    current = undefined
  })
  const keep = (stack: TelephonyStack): TelephonyStack => {
    current = stack
    return stack
  }
  return Object.assign(keep, { runDir: () => testFolder('routewright-sip-') })
}
