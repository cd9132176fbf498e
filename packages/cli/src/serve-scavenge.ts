// Whether serve's scavenges run on one thread: on a host of 2 cores the parallel scavenger's helper thread waits
// for a core that Redis, the host's client and serve itself are using, and the scavenge waits for its helper (issue
// #8: in paired runs at 1,000/s the submit -> routed p99 fell to 0.54 of the default's, the middle pause unchanged).
// pure: the caller reads the cores and the process's Node flags, and sets the V8 flag
/** The V8 flag that keeps scavenges on the main thread. */
export const SINGLE_THREAD_SCAVENGE = '--no-parallel-scavenge'

/** Most cores at which serve scavenges on one thread (measured on 2; more cores leave the helpers a core of their own). */
export const SINGLE_THREAD_SCAVENGE_MAX_CORES = 2

/**
 * The V8 flag serve sets for its scavenges, or undefined (V8's default): single-threaded on a host of at most
 * SINGLE_THREAD_SCAVENGE_MAX_CORES cores, unless Node was started with a scavenge flag of its own
 * (`node --parallel-scavenge .../routewright.mjs serve` keeps the parallel one).
 */
export function scavengeFlag(cores: number, nodeFlags: readonly string[]): string | undefined {
  if (nodeFlags.some((flag) => /^--(no-)?parallel[-_]scavenge$/.test(flag))) return undefined
  return cores <= SINGLE_THREAD_SCAVENGE_MAX_CORES ? SINGLE_THREAD_SCAVENGE : undefined
}
