import { describe, expect, it } from 'vitest'
import { routewright, workspace } from './helpers.ts'

describe('routewright schema', () => {
  it.each(['strategy', 'directory', 'test', 'alarms'])('prints the JSON Schema of %s files', async (kind) => {
    const result = await routewright(['schema', kind], workspace())
    expect(result.code).toBe(0)
    const schema = JSON.parse(result.stdout)
    expect(schema.$schema).toMatch(/json-schema\.org/)
    const field = { strategy: 'nodes', directory: 'agents', test: 'scenarios', alarms: 'rules' }[kind]
    expect(Object.keys(schema.properties)).toContain(field)
  })

  it('defaults to the strategy schema', async () => {
    const result = await routewright(['schema'], workspace())
    expect(JSON.parse(result.stdout).properties.start).toBeDefined()
  })

  it('rejects an unknown kind with exit 2', async () => {
    const result = await routewright(['schema', 'strateg'], workspace())
    expect(result.code).toBe(2)
    expect(result.stderr).toBe(
      'error: Unknown document kind "strateg"\nhint: Choose one of: strategy, directory, test, alarms\n',
    )
  })
})
