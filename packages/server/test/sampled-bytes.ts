// Bytes a piece of code allocates, from V8's sampling heap profiler (tests of what the routing thread leaves as
// garbage: issue #8's scavenge pauses), leaving out the profiler's own frames.
import { Session } from 'node:inspector/promises'

export interface SampledBytesOptions {
  /** Sample every this many bytes on average: smaller is finer and slower. */
  samplingInterval?: number
  /** Count what was collected before the profile was read too (garbage), not only what is still held. */
  collected?: boolean
}

/** Bytes allocated while `run` runs (awaited), as the sampling heap profiler saw them. */
export async function sampledBytes(run: () => void | Promise<void>, options: SampledBytesOptions = {}) {
  const { samplingInterval = 64, collected = true } = options
  const session = new Session()
  session.connect()
  try {
    await session.post('HeapProfiler.startSampling', {
      samplingInterval,
      includeObjectsCollectedByMinorGC: collected,
      includeObjectsCollectedByMajorGC: collected,
    })
    await run()
    const { profile } = await session.post('HeapProfiler.stopSampling')
    let bytes = 0
    const walk = (node: typeof profile.head): void => {
      if (node.callFrame.functionName !== '(V8 API)' && !/inspector/.test(node.callFrame.url))
        bytes += node.selfSize
      for (const child of node.children) walk(child)
    }
    walk(profile.head)
    return bytes
  } finally {
    session.disconnect()
  }
}
