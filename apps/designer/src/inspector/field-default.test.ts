import { describe, expect, it } from 'vitest'
import { defaultToText, parseDefault } from './field-default.ts'

describe('declaration defaults', () => {
  it.each([
    ['3', 'int', 3],
    ['0.5', 'double', 0.5],
    ['true', 'bool', true],
    ['en, fr', 'list<string>', ['en', 'fr']],
    ['a=1, b=2', 'map<string, string>', { a: '1', b: '2' }],
    ['', 'int', undefined],
    ['hello', 'string', 'hello'],
  ] as const)('reads %j as a %s', (text, type, value) => {
    expect(parseDefault(text, type)).toEqual({ ok: true, value })
    if (value !== undefined) {
      const text2 = defaultToText(value as Parameters<typeof defaultToText>[0])
      expect(parseDefault(text2, type)).toEqual({ ok: true, value })
    }
  })

  it.each([
    ['three', 'int', '"three" is not a whole number; an int default looks like 0 or 3.'],
    ['yes', 'bool', 'A bool default is true or false, not "yes".'],
    ['a', 'map<string, string>', 'Write a map default as key=value pairs separated by commas: a=1, b=2.'],
  ] as const)('explains why %j is no %s', (text, type, reason) => {
    expect(parseDefault(text, type)).toEqual({ ok: false, reason })
  })
})
