// pure: what JSON.parse said was wrong with a text and where, in the text's own lines and columns, never quoting it.
import { createLineIndex } from './line-index.ts'

/**
 * JSON.parse's complaint about `text` as `Unexpected character at line 2, column 5`: V8's message quotes the text
 * around the error and counts offsets from 0, so only what it says and where are kept, in 1-based lines and columns.
 * Empty when the error says neither.
 *
 * @example jsonProblem('{tier: gold}', error) // "Expected property name or '}' at line 1, column 2"
 */
export function jsonProblem(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  const reason = message
    .replace(/\s*\(line \d+ column \d+\)/, '')
    .replace(/ in JSON at position \d+.*$/s, '')
    .replace(/, ".*$/s, '')
    .replace(/^Unexpected token .*$/s, 'Unexpected character')
  const offset = /position (\d+)/.exec(message)?.[1]
  const at = offset === undefined ? undefined : createLineIndex(text)(Number(offset))
  return [reason.trim(), at ? `at line ${at.line}, column ${at.column}` : undefined].filter(Boolean).join(' ')
}
