// SPEC.md and the code agree: every diagnostic code the DSL reports has a row in a SPEC table, and every row of the
// DSL's ranges names a code the DSL reports (RW09x rows belong to the CLI, RW49x to the runtime's simulation).
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const root = path.resolve(import.meta.dirname, '..')
const spec = readFileSync(path.join(root, 'SPEC.md'), 'utf8')

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name)
    if (statSync(file).isDirectory()) return sources(file)
    return file.endsWith('.ts') ? [file] : []
  })
}

const reported = new Set(
  sources(path.join(root, 'src')).flatMap((file) => readFileSync(file, 'utf8').match(/RW\d{3}/g) ?? []),
)
const rows = new Set([...spec.matchAll(/^\| (RW\d{3}) \|/gm)].map((m) => m[1] as string))

describe('SPEC.md diagnostic codes', () => {
  it('has a row for every code the DSL reports', () => {
    expect([...reported].filter((code) => !rows.has(code)).sort()).toEqual([])
  })

  it('lists no code the DSL does not report, besides the CLI range RW09x, the alarms file range RW48x and the simulation range RW49x', () => {
    const elsewhere = (code: string) =>
      code.startsWith('RW09') || code.startsWith('RW48') || code.startsWith('RW49')
    expect([...rows].filter((code) => !reported.has(code) && !elsewhere(code)).sort()).toEqual([])
  })

  it.each(['RW130', 'RW211', 'RW212', 'RW213', 'RW449', 'RW458', 'RW459'])(
    'explains how to fix %s',
    (code) => {
      const row = spec.split('\n').find((line) => line.startsWith(`| ${code} |`)) ?? ''
      const fix = new RegExp(`\\*\\*${code}\\*\\*: `).test(spec) || row.split('|').length > 6
      expect(fix).toBe(true)
    },
  )
})
