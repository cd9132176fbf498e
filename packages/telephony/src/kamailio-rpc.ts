// Kamailio's JSON-RPC over HTTP (jsonrpcs + xhttp, POST /RPC on the loopback RPC port): what the bridge asks after
// its evapi link comes back, the calls Kamailio holds now with their state (`htable.dump calls`) and how a call
// that left them ended (`htable.get ended <key>`), and a talking call's agent SDP (`htable.get sdp <key>`), all kept by
// kamailio.cfg. Answers are read up to a bound (KAMAILIO_ANSWER_MAX_BYTES).
import { readBoundedText } from '@routewright/node-support/bounded-answer'
import {
  type KamailioCallEnd,
  type KamailioCallState,
  parseCallEnd,
  parseCallState,
  seconds,
} from './kamailio-call-state.ts'

export interface KamailioRpc {
  /** One JSON-RPC call; rejects with Kamailio's error message, an HTTP failure or a timeout. */
  call(method: string, params?: unknown[]): Promise<unknown>
  /** The calls Kamailio holds now by `<Call-ID>|<caller's From tag>` (heldCallKey), from its `calls` htable. */
  heldCalls(): Promise<ReadonlyMap<string, KamailioCallState>>
  /**
   * A transfer's old legs still talking beside the next leg by `<Call-ID>|<leg>`, from its `legcalls` htable (the
   * next leg took the `calls` key when the caller kept its From tag).
   */
  heldLegCalls(): Promise<ReadonlyMap<string, KamailioCallState>>
  /**
   * The callers' legs on hold now by `<Call-ID>|<leg>` (legCallKey), since when (ms since the epoch, Kamailio's
   * clock), from its `held` htable (config 9 on): set on the caller's 2xx to a hold, removed on a retrieve's.
   */
  callerHolds(): Promise<ReadonlyMap<string, number>>
  /**
   * Since when Kamailio holds one caller's leg (`<Call-ID>|<leg>`, legCallKey), from its `held` item alone (`htable.get`,
   * not the whole table); undefined when it holds no such leg (not on hold).
   */
  callerHold(key: string): Promise<number | undefined>
  /** How the call of this key ended lately (its `ended` item), or undefined when Kamailio keeps no word of it. */
  callEnd(key: string): Promise<KamailioCallEnd | undefined>
  /** The agent phone's SDP (its 200 OK's body) of the talking call of this key, or undefined when Kamailio has none. */
  agentSdp(key: string): Promise<string | undefined>
  /**
   * A transfer's old leg's agent SDP by `<Call-ID>|<leg>` (legCallKey), from its `legsdp` htable: kept once a later leg
   * came while it talked, as that leg takes the `sdp` key when the caller kept its From tag. Undefined when none.
   */
  legAgentSdp(key: string): Promise<string | undefined>
  /** The text value of htable `table`'s item `key` (`htable.get`), or undefined when the table holds no such key. */
  item(table: string, key: string): Promise<string | undefined>
}

/** How kamailio.cfg keys a call in its `calls` htable: the caller's leg, as the bridge's call book knows it. */
export function heldCallKey(callId: string, ftag: string): string {
  return `${callId}|${ftag}`
}

/** How kamailio.cfg keys a leg's own items (`legcalls`, `legsdp`, `held`, `direct`): `<Call-ID>|<leg>`. */
export function legCallKey(callId: string, leg: number): string {
  return `${callId}|${leg}`
}

/**
 * How kamailio.cfg keys the `ended` item of an earlier leg that ended while a later leg under the same caller tag
 * went on (that leg holds the `calls` key): the leg's own word of its end.
 */
export function shadowedLegEndKey(callId: string, ftag: string, leg: number): string {
  return `${heldCallKey(callId, ftag)}|${leg}`
}

/** `htable.dump`'s answer: the table's used slots, each with its items. */
interface DumpSlot {
  slot?: Array<{ name?: unknown; value?: unknown }>
}

/**
 * Bytes of one JSON-RPC answer read at most: 16 MB. The largest is `htable.dump calls`, 238 bytes a talking call
 * (measured, bench/calls-dump-size.mjs; docs/performance-log.md), so about 70,000 calls held at once; Kamailio builds
 * an answer in its private memory, 8 MB a process as the stack starts it (`-M 8`), so a real answer stays below.
 * Past it the call fails as when Kamailio does not answer.
 */
export const KAMAILIO_ANSWER_MAX_BYTES = 16 * 1024 * 1024

export function createKamailioRpc(
  url: string,
  timeoutMs = 5000,
  maxAnswerBytes = KAMAILIO_ANSWER_MAX_BYTES,
): KamailioRpc {
  let id = 0
  async function call(method: string, params: unknown[] = []): Promise<unknown> {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', method, params, id: ++id }),
      // real time, not the bridge's timers: it bounds a real socket, which a simulated clock nobody moves would hang
      signal: AbortSignal.timeout(timeoutMs),
    })
    const text = await readBoundedText(response, maxAnswerBytes)
    if (text === undefined)
      throw new Error(
        `Kamailio's JSON-RPC at ${url} answered ${method} (HTTP ${response.status}) with more than ${maxAnswerBytes} bytes; not read further: check that ${url} is Kamailio's RPC port (jsonrpcs over xhttp) and how many items its htables hold (kamailio.cfg)`,
      )
    let answer: { result?: unknown; error?: { code?: number; message?: string } }
    try {
      answer = JSON.parse(text) as typeof answer
    } catch {
      throw new Error(
        `Kamailio's JSON-RPC at ${url} answered HTTP ${response.status}, not JSON: ${text.slice(0, 200)}`,
      )
    }
    if (answer.error)
      throw new Error(
        `Kamailio's JSON-RPC ${method} failed: ${answer.error.message ?? 'no message'} (code ${answer.error.code})`,
      )
    return answer.result
  }
  /** One htable item's text value, or undefined when the table holds no such key. */
  async function item(table: string, key: string): Promise<string | undefined> {
    let result: unknown
    try {
      result = await call('htable.get', [table, key])
    } catch (error) {
      // htable.get answers an error for a key it does not hold
      if (/doesn't exist/.test((error as Error).message)) return undefined
      throw error
    }
    const value = (result as { item?: { value?: unknown } } | null)?.item?.value
    return typeof value === 'string' ? value : undefined
  }
  /** A base64 SDP item (`sdp`, `legsdp`) decoded, or undefined when the table holds none. */
  async function sdpItem(table: string, key: string): Promise<string | undefined> {
    const value = await item(table, key)
    return value === undefined || value === '' ? undefined : Buffer.from(value, 'base64').toString('utf8')
  }
  /** An htable whole, each item's text through `parse` by key; an item `parse` reads as undefined is left out. */
  async function dumpTable<T>(
    table: string,
    parse: (text: string) => T | undefined,
  ): Promise<ReadonlyMap<string, T>> {
    const result = await call('htable.dump', [table])
    if (!Array.isArray(result))
      throw new Error(
        `Kamailio's htable.dump ${table} answered ${JSON.stringify(result).slice(0, 200)}, not a list`,
      )
    const items = new Map<string, T>()
    for (const entry of result as DumpSlot[])
      for (const item of entry?.slot ?? []) {
        if (typeof item?.name !== 'string') continue
        const value = parse(typeof item.value === 'string' ? item.value : String(item.value))
        if (value !== undefined) items.set(item.name, value)
      }
    return items
  }
  return {
    call,
    item,
    // `held`'s items: since when, `<s.µs>`; an item not a time is left out
    callerHolds: () => dumpTable('held', seconds),
    callerHold: async (key) => seconds(await item('held', key)),
    heldCalls: () => dumpTable('calls', parseCallState),
    heldLegCalls: () => dumpTable('legcalls', parseCallState),
    async callEnd(key) {
      const value = await item('ended', key)
      return value === undefined ? undefined : parseCallEnd(value)
    },
    agentSdp: (key) => sdpItem('sdp', key),
    legAgentSdp: (key) => sdpItem('legsdp', key),
  }
}
