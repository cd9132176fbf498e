// JSON outputs printed to a terminal or CI log: a hostile id's bidi controls escaped, the parsed value unchanged.
import { describe, expect, it } from 'vitest'
import { jsonOutput } from '../src/json-output.ts'
import { directory, strategy, workspace } from './helpers.ts'
import { routewrightInProcess } from './in-process.ts'

/** Bidi embeddings, overrides and isolates: what reorders a terminal's text (Trojan Source). */
const RAW_BIDI = /[\u202a-\u202e\u2066-\u2069]/
/** Every character the writer escapes, as an id could hold it. */
const HIDDEN =
  '\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c\u200b\ufeff\u0085\u007f\u2028\u{e0041}'
const RAW_HIDDEN = /[\u007f-\u009f\p{Cf}\p{Zl}\p{Zp}]/u

describe('JSON outputs', () => {
  it('escape bidi, format and C1 characters as \\uXXXX and parse to the same value', () => {
    const value = { id: `desk${HIDDEN}"\\\u001b\n`, nested: [HIDDEN] }
    const text = jsonOutput(value)
    expect(text).not.toMatch(RAW_HIDDEN)
    expect(text).toContain('\\u202e')
    expect(text).toContain('\\udb40\\udc41')
    expect(JSON.parse(text)).toEqual(value)
  })

  it('use the shared invisible-character rule: a joiner inside an emoji or an Arabic number sign is seen and kept', () => {
    // the same rule as the terminal's titles (escapeInvisible): 👩‍💻 is one picture, "a\u200db" hides a joiner
    const value = { seen: '\u{1f469}\u200d\u{1f4bb} \u0600', hidden: 'a\u200db' }
    const text = jsonOutput(value)
    expect(text).toContain('"seen": "\u{1f469}\u200d\u{1f4bb} \u0600"')
    expect(text).toContain('"hidden": "a\\u200db"')
    expect(JSON.parse(text)).toEqual(value)
  })

  it('validate --format json: a hostile strategy id parses to the same id, no raw bidi in the output', async () => {
    const id = 'desk\u202eexe.lmth\u2066x\u2069'
    const cwd = workspace({
      'flows/desk.strategy.yaml': strategy('desk').replace('strategy: desk', `strategy: "${id}"`),
      'env.directory.yaml': directory,
    })
    const result = await routewrightInProcess(
      ['validate', 'flows', '--directory', 'env.directory.yaml', '--format', 'json'],
      cwd,
    )
    expect(result.stdout).not.toMatch(RAW_BIDI)
    const report = JSON.parse(result.stdout)
    const messages = report.files.flatMap((f: { diagnostics: { message: string }[] }) =>
      f.diagnostics.map((d) => d.message),
    )
    // the message quotes the id with its invisible characters as escapes (the DSL's quoting), readable as it was
    expect(messages.some((m: string) => m.includes('"desk\\u202Eexe.lmth\\u2066x\\u2069"'))).toBe(true)
  })

  it('where-used --format json: the name asked for comes back exact, its bidi controls escaped', async () => {
    const name = 'support\u202e\u2067'
    const cwd = workspace({ 'desk.strategy.yaml': strategy('desk'), 'env.directory.yaml': directory })
    const result = await routewrightInProcess(['where-used', name, '--format', 'json'], cwd)
    expect(result.stdout).not.toMatch(RAW_BIDI)
    expect(result.stdout).toContain('\\u202e\\u2067')
    expect(JSON.parse(result.stdout).name).toBe(name)
  })
})
