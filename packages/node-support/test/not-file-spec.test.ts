// The DSL's SPEC says RW091 in the words every surface prints: its row carries notFileMessage's text and the fix.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { NOT_A_FILE_CODE, NOT_A_FILE_FIX, notFileMessage } from '@routewright/node-support'
import { expect, it } from 'vitest'

const spec = readFileSync(path.resolve(import.meta.dirname, '../../strategy-dsl/SPEC.md'), 'utf8')

it(`[${NOT_A_FILE_CODE}] has a SPEC row with the message and the fix it prints`, () => {
  const row = spec.split('\n').find((line) => line.startsWith(`| ${NOT_A_FILE_CODE} |`)) ?? ''
  const cells = row.split('|').map((cell) => cell.trim())
  // the message with its kind left as a placeholder, and the fix in its own column, as printed
  expect(cells[3]).toContain(`\`${notFileMessage('<kind>').replace(` ${NOT_A_FILE_FIX}`, '')}\``)
  expect(cells[5]).toBe(NOT_A_FILE_FIX)
})
