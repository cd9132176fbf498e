// The telephony stack with its evapi link through a TcpRelay a test severs (a real dropped connection while
// Kamailio keeps its calls), with the bridge's health as the tests read it; and a caller's call with their defaults.
import {
  type BridgeHealth,
  type CallerCall,
  type StackOptions,
  startTelephonyStack,
  type TelephonyStack,
  waitFor,
} from '../src/index.ts'
import { startTcpRelay, type TcpRelay } from './tcp-relay.ts'

/** A caller's call to 5000 from one number: patient for a minute, talking a second unless `over` says otherwise. */
export const callerCall = (over: Partial<CallerCall> & { startMs: number }): CallerCall => ({
  dnis: '5000',
  patienceMs: 60_000,
  holdMs: 1000,
  ani: '+12125550100',
  ...over,
})

export interface RelayedStack {
  s: TelephonyStack
  relay: TcpRelay
  /** `/telephony/health`: 200 while the Kamailio link is up, 503 while it is down. */
  health(): Promise<{ status: number; body: BridgeHealth }>
  /** Severs the evapi link (redials refused) and waits for the bridge to report it down. */
  cut(): Promise<void>
  /** Lets the link back and waits for the reconciliation that follows it to finish. */
  reconnect(): Promise<void>
}

/** Starts the stack with its evapi link relayed; `keep` (stackPerTest) stops it after the test. */
export async function startRelayedStack(
  keep: (stack: TelephonyStack) => TelephonyStack,
  options: Omit<StackOptions, 'evapiVia'>,
): Promise<RelayedStack> {
  let relay: TcpRelay | undefined
  const s = keep(
    await startTelephonyStack({
      // a link let back is redialled within 250 ms, not up to the 5 s an operator's default waits: the tests wait
      // for the reconnection, not for the backoff
      evapiMaxBackoffMs: 250,
      ...options,
      evapiVia: async (port) => {
        relay = await startTcpRelay(port)
        return relay.port
      },
    }),
  )
  if (!relay) throw new Error('the stack started without dialling evapi through the relay')
  const link = relay
  const health = async () => {
    const res = await fetch(`${s.bridgeUrl}/telephony/health`)
    return { status: res.status, body: (await res.json()) as BridgeHealth }
  }
  return {
    s,
    relay,
    health,
    cut: async () => {
      await link.sever({ refuse: true })
      await waitFor('the bridge to see the drop', async () => (await health()).status === 503, 5000)
    },
    reconnect: async () => {
      await link.restore()
      await waitFor(
        'the reconciliation',
        async () => (await health()).body.reconciled.last?.state === 'done',
        15_000,
      )
    },
  }
}
