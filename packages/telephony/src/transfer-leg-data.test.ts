// A transferred leg's TransferredFrom / TransferFailed, as sent to Kamailio and read back from its `taken`.
import { describe, expect, it } from 'vitest'
import {
  legDataCommand,
  legDataOf,
  transferMarkCommand,
  transferMarkOf,
  transferSourceOf,
} from './transfer-leg-data.ts'

describe("a transferred leg's data kept in Kamailio", () => {
  it('sends only the transfer keys of a later leg, base64 so Kamailio escapes nothing, and reads them back', () => {
    const data = { Line: 'support', TransferredFrom: "o'brien", TransferFailed: 'dan: "busy"\n' }
    const command = legDataCommand('c@h', 2, data)!
    expect(command).toMatchObject({ action: 'leg-data', callid: 'c@h', leg: 2 })
    expect(command.data).toMatch(/^[A-Za-z0-9+/=]+$/)
    expect(legDataOf({ leg: 2, data: command.data }, 2)).toEqual({
      TransferredFrom: "o'brien",
      TransferFailed: 'dan: "busy"\n',
    })
  })

  it('sends nothing for a first leg or a leg without transfer keys', () => {
    expect(legDataCommand('c@h', 1, { TransferredFrom: 'ann' })).toBeUndefined()
    expect(legDataCommand('c@h', 3, { Line: 'billing', TransferredFrom: 7 })).toBeUndefined()
  })

  it("ignores another leg's data and anything that is not what the bridge sent", () => {
    const { data } = legDataCommand('c@h', 2, { TransferredFrom: 'ann' })!
    expect(legDataOf({ leg: 2, data }, 3)).toEqual({})
    for (const bad of [undefined, {}, { leg: 2 }, { leg: 2, data: '!!!' }, { leg: 2, data: btoa('[1]') }])
      expect(legDataOf(bad, 2)).toEqual({})
    expect(legDataOf({ leg: 2, data: btoa('{"TransferredFrom":"ann","Other":"x"}') }, 2)).toEqual({
      TransferredFrom: 'ann',
    })
  })

  it('cuts each value to 1,000 characters, within the 4,096 base64 characters Kamailio keeps', () => {
    const command = legDataCommand('c@h', 2, {
      TransferredFrom: 'a'.repeat(5000),
      TransferFailed: 'b'.repeat(5000),
    })!
    expect(String(command.data).length).toBeLessThanOrEqual(4096)
    expect(legDataOf({ leg: 2, data: command.data }, 2).TransferredFrom).toHaveLength(1000)
  })
})

describe("a REFER's mark kept in Kamailio (`transfer-mark`, read back from `bye`'s and `taken`'s `referred`)", () => {
  it('reads back where the leg went, and no mark as a plain end', () => {
    const command = transferMarkCommand('c@h', 1, 'o\'brien "x"')
    expect(command).toMatchObject({ action: 'transfer-mark', callid: 'c@h', leg: 1 })
    // within the 1,024 base64 characters Kamailio keeps, nothing in it to escape there
    expect(String(command.data)).toMatch(/^[A-Za-z0-9+/=]{1,1024}$/)
    expect(transferMarkOf(command.data)).toBe('o\'brien "x"')
    expect(transferMarkOf('')).toBeUndefined()
    expect(transferMarkOf(undefined)).toBeUndefined()
    expect(transferMarkOf('%%%')).toBeUndefined()
  })

  it('marks a target longer than serve takes without it (a transfer all the same), and takes a mark back', () => {
    const command = transferMarkCommand('c@h', 2, '5'.repeat(201))
    expect(String(command.data).length).toBeLessThanOrEqual(1024)
    expect(transferMarkOf(command.data)).toBe('')
    expect(transferMarkCommand('c@h', 2)).toEqual({ action: 'transfer-mark', callid: 'c@h', leg: 2 })
  })

  it("names the agent the leg left, for the next leg's TransferredFrom at a bridge that never had this leg", () => {
    const command = transferMarkCommand('c@h', 1, '5001', "o'brien")
    expect(transferSourceOf(command.data)).toBe("o'brien")
    expect(transferMarkOf(command.data)).toBe('5001')
    // a mark without an agent (an older bridge's, or none): no TransferredFrom
    expect(transferSourceOf(transferMarkCommand('c@h', 1, '5001').data)).toBeUndefined()
    expect(transferSourceOf('')).toBeUndefined()
  })

  it('leaves the agent out rather than pass the 1,024 base64 characters Kamailio keeps', () => {
    const command = transferMarkCommand('c@h', 1, 'é'.repeat(200), '\u0002'.repeat(5000))
    expect(String(command.data).length).toBeLessThanOrEqual(1024)
    expect(transferMarkOf(command.data)).toBe('é'.repeat(200))
    expect(transferSourceOf(command.data)).toBeUndefined()
    const short = transferMarkCommand('c@h', 1, '5001', 'a'.repeat(5000))
    expect(transferSourceOf(short.data)).toBe('a'.repeat(200))
  })
})
