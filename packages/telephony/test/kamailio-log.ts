// What a SIP engineer reading kamailio.log would take for a bug: the lines a real-call test requires absent.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { TelephonyStack } from '../src/index.ts'

/**
 * Each a fault of ours, not of the callers': a compare in the config that is not well typed (a request Kamailio
 * sends itself found a flag never set), and a router answer for an INVITE Kamailio no longer holds (the bridge
 * answered a transaction already ended, e.g. a cancelled caller's, which tm answers with 487 itself).
 */
const FAULTS: readonly RegExp[] = [
  /conversion .*failed/,
  /active transaction not found/,
  /no suspended transaction/,
]

/** The lines of the stack's kamailio.log that match any of `patterns`. */
export function kamailioLogLines(stack: Pick<TelephonyStack, 'runDir'>, ...patterns: RegExp[]): string[] {
  return readFileSync(path.join(stack.runDir, 'kamailio.log'), 'utf8')
    .split('\n')
    .filter((line) => patterns.some((pattern) => pattern.test(line)))
}

/** The lines of the stack's kamailio.log that show a fault (none in a clean run). */
export function kamailioLogFaults(stack: Pick<TelephonyStack, 'runDir'>): string[] {
  return kamailioLogLines(stack, ...FAULTS)
}
