// How the store's session settings join the user's options: the user's words kept as given, the store's after them.
import { describe, expect, it } from 'vitest'
import { sessionOptions, userOptionsOf } from './postgres-options.ts'

const OURS = { statement_timeout: '29000', idle_in_transaction_session_timeout: '30000' }

describe('sessionOptions', () => {
  it.each([
    ['none', undefined, '', []],
    ['another setting', '-c search_path=rw', '-c search_path=rw ', []],
    ['the same bound in other units', '-c statement_timeout=29s', '-c statement_timeout=29s ', []],
    ['a bound of its own', '-c statement_timeout=0', '-c statement_timeout=0 ', ['statement_timeout=0']],
    ['the joined spelling', '-cstatement_timeout=5s', '-cstatement_timeout=5s ', ['statement_timeout=5s']],
    [
      'the long spelling, any case',
      '--Idle-In-Transaction-Session-Timeout=1min',
      '--Idle-In-Transaction-Session-Timeout=1min ',
      ['idle_in_transaction_session_timeout=1min'],
    ],
    [
      'the last of two',
      '-c statement_timeout=0 -c statement_timeout=29000',
      '-c statement_timeout=0 -c statement_timeout=29000 ',
      [],
    ],
    [
      'an escaped space',
      '-c search_path=a\\ b -c statement_timeout=1',
      '-c search_path=a\\ b -c statement_timeout=1 ',
      ['statement_timeout=1'],
    ],
  ])('%s', (_, user, before, overridden) => {
    const merged = sessionOptions(user, OURS)
    expect(merged.options).toBe(
      `${before}-c statement_timeout=29000 -c idle_in_transaction_session_timeout=30000`,
    )
    expect(merged.overridden.map(({ name, theirs }) => `${name}=${theirs}`)).toEqual(overridden)
  })
})

describe('userOptionsOf', () => {
  it.each([
    ['postgres://h/db', undefined, undefined],
    ['postgres://h/db', '-c search_path=env', '-c search_path=env'],
    ['postgres://h/db?options=-c%20search_path%3Durl', '-c search_path=env', '-c search_path=url'],
    [
      'postgres://h/db?options=-c+search_path%3Durl&statement_timeout=0',
      undefined,
      '-c search_path=url -c statement_timeout=0',
    ],
    [
      'postgres://h/db?idle_in_transaction_session_timeout=5000',
      undefined,
      '-c idle_in_transaction_session_timeout=5000',
    ],
  ])('%s with PGOPTIONS %s', (url, env, expected) => {
    expect(userOptionsOf(url, env)).toBe(expected)
  })
})
