// What the bridge replays after an evapi drop, from the values kamailio.cfg keeps in its `calls` and `ended`
// htables: the parsing of those values and the recovery each (bridge state, Kamailio's word) pair gets.
import { describe, expect, it } from 'vitest'
import { type BridgeCallState, parseCallEnd, parseCallState, planRecovery } from '../src/index.ts'

const TALKING = 'talking|ann|1796133248.830228|sip:phone@127.0.0.1:7100|<sip:5000@x;a=b|c>;tag=t1'
/** A REFER mark as the bridge sends it: base64 of `{"to":"dan","from":"ann"}`. */
const MARK = 'eyJ0byI6ImRhbiIsImZyb20iOiJhbm4ifQ=='
const ANSWER = {
  agent: 'ann',
  answeredAt: 1796133248830,
  contact: 'sip:phone@127.0.0.1:7100',
  to: '<sip:5000@x;a=b|c>;tag=t1',
}

describe("Kamailio's call values", () => {
  it.each([
    ['queued|103|1731961696', { state: 'queued', tindex: 103, tlabel: 1731961696 }],
    [
      'queued|103|1731961696|408|bob',
      { state: 'queued', tindex: 103, tlabel: 1731961696, lost: { code: 408, agent: 'bob' } },
    ],
    ['ringing|bob', { state: 'ringing', agent: 'bob' }],
    [TALKING, { state: 'talking', ...ANSWER }],
    // an older config's values, and broken ones: read as unknown, never guessed
    ['queued', { state: 'unknown', value: 'queued' }],
    ['talking', { state: 'unknown', value: 'talking' }],
    ['talking|ann|soon|sip:x|<sip:y>', { state: 'unknown', value: 'talking|ann|soon|sip:x|<sip:y>' }],
    ['queued|x|2', { state: 'unknown', value: 'queued|x|2' }],
  ])('reads %s', (value, state) => {
    expect(parseCallState(value)).toEqual(state)
  })

  it.each([
    [`bye|1796133251.119019|${TALKING}`, { how: 'bye', endedAt: 1796133251119, answer: ANSWER }],
    // the leg's REFER mark (base64) before its talking value; "" when none
    [
      `bye|1796133251.119019||${TALKING}`,
      { how: 'bye', endedAt: 1796133251119, answer: ANSWER, referred: '' },
    ],
    [
      `bye|1796133251.119019|${MARK}|${TALKING}`,
      { how: 'bye', endedAt: 1796133251119, answer: ANSWER, referred: MARK },
    ],
    [`bye|1796133251|${MARK}|queued|1|2`, { how: 'bye', endedAt: 1796133251000, referred: MARK }],
    ['cancelled|1796133251.5', { how: 'cancelled', endedAt: 1796133251500 }],
    // config 4 marks a cancelled call `over` once no phone may still answer it: still the same end
    ['cancelled|1796133251.5|over', { how: 'cancelled', endedAt: 1796133251500 }],
    ['bye|1796133251|queued', { how: 'bye', endedAt: 1796133251000 }],
    ['gone|1796133251', undefined],
    ['bye|later', undefined],
  ])('reads the end %s', (value, end) => {
    expect(parseCallEnd(value)).toEqual(end)
  })
})

describe('the recovery of a call after an evapi drop', () => {
  const held = parseCallState
  it.each<[BridgeCallState, string | undefined, string | undefined, unknown]>([
    ['ringing', TALKING, undefined, { kind: 'answered', answer: ANSWER }],
    [
      'ringing',
      undefined,
      `bye|1796133251.119019|${TALKING}`,
      { kind: 'answered-ended', answer: ANSWER, endedAt: 1796133251119 },
    ],
    ['ringing', 'queued|7|8|408|ann', undefined, { kind: 'no-answer', tindex: 7, tlabel: 8, code: 408 }],
    ['ringing', 'ringing|ann', undefined, { kind: 'still-ringing', agent: 'ann' }],
    // Kamailio's word of another ring than the bridge's (asked before the bridge rang, or another agent): left alone
    ['ringing', 'queued|7|8', undefined, undefined],
    ['ringing', 'queued|7|8|408|bob', undefined, undefined],
    ['ringing', 'ringing|bob', undefined, undefined],
    // answered by another agent's phone (a ring before): ignored as the live answer of another is
    ['ringing', TALKING.replace('|ann|', '|bob|'), undefined, { kind: 'answer-of-another', by: 'bob' }],
    [
      'ringing',
      undefined,
      `bye|1796133251|${TALKING.replace('|ann|', '|bob|')}`,
      { kind: 'abandoned', unknown: true },
    ],
    ['ringing', undefined, 'cancelled|1796133251', { kind: 'abandoned', unknown: false }],
    ['ringing', undefined, undefined, { kind: 'abandoned', unknown: true }],
    ['ringing', 'talking', undefined, undefined],
    ['queued', undefined, undefined, { kind: 'abandoned', unknown: false }],
    ['queued', 'queued|1|2', undefined, undefined],
    ['talking', undefined, undefined, { kind: 'completed' }],
    // no mark (never REFERed away, or its REFER failed): a plain end, whatever the bridge's pending transfer says
    ['talking', undefined, `bye|1796133251||${TALKING}`, { kind: 'completed', referred: '' }],
    // an older config's item: no word of a mark
    ['talking', undefined, `bye|1796133251|${TALKING}`, { kind: 'completed' }],
    // a leg REFERed away whose BYE the bridge missed: completed as that transfer
    ['talking', undefined, `bye|1796133251|${MARK}|${TALKING}`, { kind: 'completed', referred: MARK }],
    ['talking', TALKING, undefined, undefined],
  ])('%s (ann) for the bridge, %s in calls, %s in ended: %j', (bridge, value, end, recovery) => {
    expect(
      planRecovery(
        bridge,
        value === undefined ? undefined : held(value),
        end ? parseCallEnd(end) : undefined,
        'ann',
      ),
    ).toEqual(recovery)
  })
})

describe('the recovery of a ring sent on the connection that dropped', () => {
  const held = parseCallState
  it.each<[string, boolean, unknown]>([
    // Kamailio holds it with no ring of ann's: the ring went down with the connection
    ['queued|7|8', true, { kind: 'unrung', tindex: 7, tlabel: 8 }],
    ['queued|7|8|408|bob', true, { kind: 'unrung', tindex: 7, tlabel: 8 }],
    // sent since the link is back: Kamailio may not have read it yet when it was asked
    ['queued|7|8', false, undefined],
    ['queued|7|8|408|bob', false, undefined],
    // it reached Kamailio: as for any ring
    ['queued|7|8|408|ann', true, { kind: 'no-answer', tindex: 7, tlabel: 8, code: 408 }],
    ['ringing|ann', true, { kind: 'still-ringing', agent: 'ann' }],
    ['ringing|bob', true, undefined],
    ['queued', true, undefined],
  ])('ringing ann, %s in calls, sent before the drop %s: %j', (value, sentBeforeDrop, recovery) => {
    expect(planRecovery('ringing', held(value), undefined, 'ann', sentBeforeDrop)).toEqual(recovery)
  })
})
