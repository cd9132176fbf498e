import { describe, expect, it } from 'vitest'
import { GONE_AFTER_FAILURES, movedHash, movedNotice, nextFailures, readMoved } from './bridge-move.ts'

describe('a desktop moving to another bridge', () => {
  it('reads back the move it opened the other bridge with', () => {
    const hash = movedHash({ agent: 'ann', from: 'b' })
    expect(hash).toBe('#moved-from=b&agent=ann')
    expect(readMoved(hash)).toEqual({ agent: 'ann', from: 'b' })
  })

  it.each([
    ['', 'no hash'],
    ['#agent=ann', 'no bridge it came from'],
    ['#moved-from=b&agent=../ann', 'an agent id the API would refuse'],
    ['#moved-from=b', 'no agent'],
    [`#moved-from=${'x'.repeat(201)}&agent=ann`, 'a bridge name over 200 characters'],
  ])('ignores %j (%s)', (hash) => {
    expect(readMoved(hash)).toBeUndefined()
  })

  it('moves after consecutive failed answers only: an answer between starts the count again', () => {
    let failures = 0
    failures = nextFailures(failures, false)
    failures = nextFailures(failures, true)
    failures = nextFailures(failures, false)
    expect(failures).toBeLessThan(GONE_AFTER_FAILURES)
    failures = nextFailures(failures, false)
    expect(failures).toBe(GONE_AFTER_FAILURES)
  })

  it('says where it came from and where it is', () => {
    expect(movedNotice('b', 'a')).toBe(
      'Bridge b stopped answering: this desktop moved to bridge a. Your state and your calls are as they were.',
    )
    expect(movedNotice('127.0.0.1:8091', undefined)).toMatch(/moved to another bridge\./)
  })
})
