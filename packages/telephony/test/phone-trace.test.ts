// The test kit's reads of a sipp trace that sipp is still writing: whole messages only.
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { testFolder } from '@routewright/node-support/testing'
import { describe, expect, it } from 'vitest'
import { completeTrace, sentMessages } from '../src/phone-log.ts'
import { readTrace, waitForMessages } from './phone-trace.ts'

const separator = (at: string) =>
  `----------------------------------------------- 2026-12-05 20:41:03.${at}\n`
/** A message as sipp's -trace_msg writes it: separator, direction with the size in bytes, blank line, text, newline. */
function traced(direction: 'sent' | 'received', lines: readonly string[], at = '144224'): string {
  const text = lines.map((line) => `${line}\r\n`).join('')
  const size = Buffer.byteLength(text)
  const head =
    direction === 'sent' ? `UDP message sent (${size} bytes):` : `UDP message received [${size}] bytes :`
  return `${separator(at)}${head}\n\n${text}\n`
}

const refer = traced('received', [
  'REFER sip:caller@x SIP/2.0',
  'Call-ID: c1',
  'CSeq: 2 REFER',
  'Content-Length: 0',
  '',
])
const declined = traced(
  'sent',
  ['SIP/2.0 603 Declined', 'Call-ID: c1', 'CSeq: 2 REFER', 'X-Who: Zoë', 'Content-Length: 0', ''],
  '150000',
)
/** The trace as a read may find it while sipp writes the 603: its first line cut after "De". */
const cut = refer.length + declined.indexOf('603 De') + '603 De'.length

describe('a sipp trace read while sipp writes it', () => {
  it('keeps whole messages only: a reply cut mid-line is not in it', () => {
    const half = refer + declined.slice(0, cut - refer.length)
    // the old read: the file's text as it was, where a loose pattern matches the half written reply
    expect(half).toMatch(/SIP\/2\.0 603 De/)
    expect(sentMessages(half)).toEqual(['SIP/2.0 603 De'])
    // whole messages only: the REFER, not the 603 before its last byte is written
    expect(completeTrace(Buffer.from(half))).toBe(refer)
    const all = Buffer.from(refer + declined)
    expect(completeTrace(all.subarray(0, all.length - 1))).toBe(refer)
    expect(completeTrace(all)).toBe(refer + declined)
  })

  it("reads past a line sipp writes between messages, and the later sipp versions' heads", () => {
    const discarded = 'Discarded message for new calls while quitting\n'
    expect(completeTrace(Buffer.from(refer + discarded + declined))).toBe(refer + discarded + declined)
    expect(completeTrace(Buffer.from(refer + discarded))).toBe(refer)
    // sipp after 3.6: `sent [N] bytes:` and `received [N] bytes:`
    const later = (message: string) =>
      message.replace(/sent \((\d+) bytes\):/, 'sent [$1] bytes:').replace('bytes :', 'bytes:')
    const half = later(refer) + later(declined).slice(0, -10)
    expect(completeTrace(Buffer.from(half))).toBe(later(refer))
    expect(sentMessages(completeTrace(Buffer.from(later(refer) + later(declined))))).toHaveLength(1)
  })

  it('counts a message the next separator follows as whole, whatever its stated size', () => {
    const short = refer.replace(/received \[\d+\]/, 'received [9999]')
    expect(completeTrace(Buffer.from(short + declined))).toBe(short + declined)
    expect(completeTrace(Buffer.from(short))).toBe('')
  })

  it('waits for the rest of a message written in two parts, and names what it waited for on a timeout', async () => {
    const file = path.join(testFolder('routewright-phone-trace-'), 'caller.messages.log')
    const text = refer + declined
    writeFileSync(file, text.slice(0, cut))
    const declinedReply = /^SIP\/2\.0 603 Declined\r?$/m
    await expect(waitForMessages(file, declinedReply, { timeoutMs: 100 })).rejects.toThrow(
      /waiting for 1 whole message: \/\^SIP.*603 Declined.* in .*caller\.messages\.log; its last messages:\n {2}at .*\nREFER sip:caller@x SIP\/2\.0\r?\nCSeq: 2 REFER[\s\S]*\(and \d+ bytes of a message still being written\)/,
    )
    const waiting = waitForMessages(file, declinedReply)
    appendFileSync(file, text.slice(cut))
    const trace = await waiting
    expect(sentMessages(trace)).toEqual([declined.slice(declined.indexOf('SIP/2.0'), -1).trim()])
    expect(readTrace(file)).toBe(readFileSync(file, 'utf8'))
    expect(readTrace(file)).toContain('X-Who: Zoë')
  })

  it('waits for N matching messages', async () => {
    const file = path.join(testFolder('routewright-phone-trace-'), 'caller.messages.log')
    const second = declined.indexOf('603 Decl') + '603 Decl'.length
    writeFileSync(file, declined + declined.slice(0, second))
    await expect(waitForMessages(file, /^SIP\/2\.0 603 /, { count: 2, timeoutMs: 100 })).rejects.toThrow(
      /waiting for 2 whole messages/,
    )
    appendFileSync(file, declined.slice(second))
    expect(sentMessages(await waitForMessages(file, /^SIP\/2\.0 603 /, { count: 2 }))).toHaveLength(2)
  })
})
