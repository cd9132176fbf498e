// Every flag a user is shown exists: each `--flag` of a command's usage line and of the README's synopsis of that
// command is one the command accepts (its Options list is generated from the same specs, so it cannot drift).
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { COMMANDS } from '@routewright/cli'
import { describe, expect, it } from 'vitest'
import { workspace } from './helpers.ts'
import { routewrightInProcess } from './in-process.ts'

/** Taken by every command, or by the dispatch before it. */
const GLOBAL = new Set(['help', 'version', 'color', 'no-color'])

function flagsIn(text: string): string[] {
  return [...text.matchAll(/--([a-z][a-z-]*)/g)].map((m) => m[1] as string)
}

function unknownFlags(name: string, text: string): string[] {
  const command = COMMANDS.find((c) => c.name === name)
  if (!command) return [`no command ${name}`]
  return flagsIn(text).filter((flag) => !GLOBAL.has(flag) && !(flag in command.flags))
}

/** The README's synopsis: each `routewright <command> ...` line of its first block, with its continuation lines. */
function readmeSynopsis(): Map<string, string> {
  const readme = readFileSync(path.resolve(import.meta.dirname, '..', 'README.md'), 'utf8')
  const block = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? ''
  const lines = new Map<string, string>()
  let current: string | undefined
  for (const line of block.split('\n')) {
    if (!line.startsWith(' ')) current = /^routewright ([a-z-]+)/.exec(line)?.[1]
    if (current) lines.set(current, `${lines.get(current) ?? ''} ${line.replace(/#.*$/, '')}`)
  }
  return lines
}

describe('the flags help and the README show', () => {
  it.each(COMMANDS.map((c) => c.name))('usage of %s names only flags it takes', (name) => {
    const command = COMMANDS.find((c) => c.name === name)
    expect(unknownFlags(name, command?.usage ?? '')).toEqual([])
  })

  it("README's synopsis names only flags each command takes", () => {
    const synopsis = readmeSynopsis()
    expect(synopsis.size).toBeGreaterThan(10)
    const unknown = [...synopsis].flatMap(([name, text]) =>
      unknownFlags(name, text).map((flag) => `${name} --${flag}`),
    )
    expect(unknown).toEqual([])
  })
})

describe('what help says matches what the commands do', () => {
  it('names the interrupted exit code, replay with --interaction on serve port, and every --kind', async () => {
    const cwd = workspace()
    const top = await routewrightInProcess(['--help'], cwd)
    expect(top.stdout).toContain(
      'Exit codes: 0 clean, 1 errors or failures found, 2 usage error, 130 interrupted (Ctrl-C), 143 stopped by SIGTERM',
    )
    expect((await routewrightInProcess(['simulate', '--help'], cwd)).stdout).toContain('SIGTERM 143')
    const run = await routewrightInProcess(['run', '--help'], cwd)
    expect(run.stdout).toContain('--replay <file|-> [--check] [--interaction <json|@file>]')
    // serve listens on 8380 unless told otherwise
    expect(run.stdout).toContain('curl -s http://127.0.0.1:8380/v1/interactions/c1')
    const whereUsed = await routewrightInProcess(['where-used', '--help'], cwd)
    expect(whereUsed.stdout.split('\n').find((line) => line.startsWith('Usage:'))).toContain(
      '|function|node]',
    )
  })

  it('offers the entry beside a mistyped path a typo away, and none a different name', async () => {
    const cwd = workspace({
      'examples/a.strategy.yaml': 'strategy: a\n',
      'env.directory.yaml': 'directory: d\n',
    })
    const typo = await routewrightInProcess(['validate', 'exmaples'], cwd)
    expect([typo.code, typo.stderr.split('\n')[1]]).toEqual([
      2,
      'hint: Did you mean examples? Check the path (relative to the current folder)',
    ])
    const other = await routewrightInProcess(['validate', 'prod.directory.yaml'], cwd)
    expect(other.stderr.split('\n')[1]).toBe('hint: Check the path (relative to the current folder)')
  })
})
