// Waits a stop cuts short: a loop that slept out its period before it saw the stop, or a bound whose timer was left
// running after what it bounded had settled, kept a stopping process alive that long (SIGTERM's exit waited 0.2-1.5 s).
import { raceWithin } from '@routewright/node-support/race-within'

/** Waits for `work` to settle (either way), at most `ms`; the bound's timer is cleared once it has. */
export async function settledWithin(work: Promise<unknown>, ms: number): Promise<void> {
  await raceWithin(
    work.then(
      () => {},
      () => {},
    ),
    ms,
  )
}
