// A bridge's JSON-lines log as the tests read it.
import { readFileSync } from 'node:fs'
import path from 'node:path'

/** A bridge's log lines (`file`, JSON lines: bridge.log the stack's own) whose message is `message`. */
export function bridgeLogLines(
  runDir: string,
  message: string,
  file = 'bridge.log',
): Array<Record<string, unknown>> {
  return readFileSync(path.join(runDir, file), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line.message === message)
}
