import type { Random } from './clock.ts'

/** A seeded generator (mulberry32): fast, 32-bit state, the same sequence for the same seed everywhere. */
export function createSeededRandom(seed = 1): Random & { fork(salt: number): Random } {
  let state = seed >>> 0
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return { next, fork: (salt) => createSeededRandom((seed ^ Math.imul(salt, 0x9e3779b1)) >>> 0) }
}
