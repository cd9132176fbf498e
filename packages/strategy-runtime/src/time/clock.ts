// Time and randomness enter the runtime only through these interfaces, so every run can replay exactly.

export type TimerHandle = { readonly id: number }

/** A source of time and timers: real in production, simulated in tests and simulation. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number
  setTimeout(callback: () => void, ms: number): TimerHandle
  clearTimeout(handle: TimerHandle): void
}

/** A source of numbers in [0, 1); seeded in tests so draws replay. */
export interface Random {
  next(): number
}
