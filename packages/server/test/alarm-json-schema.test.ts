import { readFileSync, writeFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { alarmsJsonSchema } from '../src/alarms/alarm-json-schema.ts'
import { ALARM_FIGURES } from '../src/alarms/alarm-schema.ts'

const committed = new URL('../schema/alarms.schema.json', import.meta.url)

describe('the JSON Schema of alarms.yaml', () => {
  it('is committed as generated (UPDATE_SCHEMAS=1 rewrites it)', () => {
    const generated = `${JSON.stringify(alarmsJsonSchema(), null, 2)}\n`
    if (process.env.UPDATE_SCHEMAS === '1') writeFileSync(committed, generated)
    expect(
      readFileSync(committed, 'utf8'),
      'schema/alarms.schema.json is stale: run `npm run schemas -w @routewright/server`',
    ).toBe(generated)
  })

  it('names the figures, forbids unknown fields and describes every field for hovers', () => {
    const schema = alarmsJsonSchema() as {
      $id: string
      required: string[]
      additionalProperties: boolean
      properties: {
        rules: {
          additionalProperties: {
            properties: Record<string, { description?: string; enum?: string[] }>
            additionalProperties: boolean
          }
        }
      }
    }
    expect(schema.$id).toBe('https://routewright.dev/schema/alarms.schema.json')
    expect(schema.required).toEqual(['alarms', 'format'])
    expect(schema.additionalProperties).toBe(false)
    const rule = schema.properties.rules.additionalProperties
    expect(rule.additionalProperties).toBe(false)
    expect(rule.properties.figure?.enum).toEqual([...ALARM_FIGURES])
    const undescribed = Object.entries(rule.properties).filter(([, p]) => !p.description)
    expect(undescribed.map(([name]) => name)).toEqual([])
  })
})
