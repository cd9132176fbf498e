// Types of windows-traffic.mjs for redis-windows.bench.ts (the script stays plain JavaScript for bare Node).
import type { MemoryStatProvider, SimulatedClock } from '@routewright/strategy-runtime'

export const AGENTS: number
export const RATE: number
export function windowsTraffic(runtime?: typeof import('@routewright/strategy-runtime')): {
  clock: SimulatedClock
  stats: MemoryStatProvider
  second(): void
  readyProvider(): MemoryStatProvider
}
