// Every flag a user is shown exists: each `--flag` of a command's usage line and of the README's synopsis of that
// command is one the command accepts (its Options list is generated from the same specs, so it cannot drift).
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { COMMANDS } from '@routewright/cli'
import { describe, expect, it } from 'vitest'

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
