import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  allJsonSchemas,
  directoryJsonSchema,
  strategyJsonSchema,
  testJsonSchema,
} from '../src/json-schema.ts'

const schemaDir = new URL('../schema/', import.meta.url)
const update = process.env.UPDATE_SCHEMAS === '1'

describe('committed JSON Schemas', () => {
  it.each(allJsonSchemas())('schema/$fileName matches the zod schemas', ({ fileName, schema }) => {
    const expected = `${JSON.stringify(schema, null, 2)}\n`
    const file = new URL(fileName, schemaDir)
    if (update) {
      mkdirSync(schemaDir, { recursive: true })
      writeFileSync(file, expected)
    }
    let committed = ''
    try {
      committed = readFileSync(file, 'utf8')
    } catch {
      // a missing file is stale too
    }
    if (committed !== expected) {
      expect.fail(`schema/${fileName} is stale: run \`npm run schemas -w @routewright/strategy-dsl\``)
    }
  })
})

describe('JSON Schema export', () => {
  it('is draft 2020-12 with an $id per document kind', () => {
    for (const schema of [strategyJsonSchema(), directoryJsonSchema(), testJsonSchema()]) {
      expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema')
      expect(schema.$id).toMatch(/^https:\/\/routewright\.dev\/schema\/\w+\.schema\.json$/)
      expect(schema.type).toBe('object')
    }
  })

  it('requires the identifying fields and forbids unknown ones', () => {
    const schema = strategyJsonSchema()
    expect(schema.required).toEqual(['strategy', 'format', 'start', 'nodes'])
    expect(schema.additionalProperties).toBe(false)
  })

  it('lists every node kind by its type literal', () => {
    const text = JSON.stringify(strategyJsonSchema())
    for (const type of ['switch', 'target', 'queue-priority', 'treatment', 'subroutine', 'end']) {
      expect(text).toContain(`"const":"${type}"`)
    }
  })

  it('carries descriptions for editor hovers', () => {
    const properties = strategyJsonSchema().properties as Record<string, { description?: string }>
    expect(properties.start?.description).toMatch(/first/)
    expect(properties.nodes?.description).toMatch(/node/i)
  })
})

describe('node field hovers', () => {
  it('describes the fields of each node kind', () => {
    const text = JSON.stringify(strategyJsonSchema())
    expect(text).toContain('How to choose among ready agents')
    expect(text).toContain('"title":"Target"')
  })
})
