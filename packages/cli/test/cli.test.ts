import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { routewright, workspace } from './helpers.ts'

const version = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../package.json'), 'utf8')).version

describe('routewright', () => {
  it('prints its version', async () => {
    const result = await routewright(['--version'], workspace())
    expect(result).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' })
  })

  it('lists the commands with --help', async () => {
    const result = await routewright(['--help'], workspace())
    expect(result.code).toBe(0)
    for (const command of ['validate', 'fmt', 'schema', 'test', 'run'])
      expect(result.stdout).toMatch(new RegExp(`^  ${command} `, 'm'))
  })

  it.each(['validate', 'fmt', 'schema', 'test', 'run'])('explains %s with --help', async (command) => {
    const result = await routewright([command, '--help'], workspace())
    expect(result.code).toBe(0)
    expect(result.stdout).toContain(`Usage: routewright ${command}`)
    expect(result.stdout).toContain('-h, --help')
  })

  it('exits 2 without a command', async () => {
    const result = await routewright([], workspace())
    expect(result.code).toBe(2)
    expect(result.stdout).toContain('Usage: routewright <command>')
  })

  it('suggests the command meant on a typo', async () => {
    const result = await routewright(['valdate'], workspace())
    expect(result.code).toBe(2)
    expect(result.stderr).toBe(
      'error: unknown command "valdate"\nhint: did you mean "routewright validate"? see routewright --help\n',
    )
  })
})
