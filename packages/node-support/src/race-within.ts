// One bound on a wait: what a start, a seed or a readiness check gives a read before going on without it.

/** What `raceWithin` found: the work's value, or that `ms` passed first. */
export type Within<T> = { late: false; value: T } | { late: true }

/**
 * Races `work` against `ms`: its value, or `{ late: true }` once `ms` passed (the work is left to settle in the
 * background, a later rejection of it handled). The timer is cleared once either wins and never holds the process
 * open. A rejection of `work` before then comes back as a rejection.
 * @example const read = await raceWithin(store.read(), 500); if (read.late) useLastKnown()
 */
export async function raceWithin<T>(work: Promise<T>, ms: number): Promise<Within<T>> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const late = new Promise<Within<T>>((resolve) => {
    timer = setTimeout(() => resolve({ late: true }), Math.max(0, ms))
    timer.unref?.()
  })
  const settled = work.then((value): Within<T> => ({ late: false, value }))
  // a rejection after the bound won has nobody waiting: not an unhandled rejection
  settled.catch(() => {})
  try {
    return await Promise.race([settled, late])
  } finally {
    clearTimeout(timer)
  }
}
