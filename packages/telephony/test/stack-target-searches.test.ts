// StackOptions.maxTargetSearches: the stack's desktop takes its bound on transfer searches from the stack's own options
// (before, only an `http` option that made the desktop itself could set it), range check included, and a custom
// `http` is given it in its context.
import { readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { HttpContext } from '../src/index.ts'
import { startTelephonyStack } from '../src/index.ts'
import { stackPerTest } from './stack-report.ts'

const keep = stackPerTest()

describe("the stack's maxTargetSearches", () => {
  it("reaches the default desktop, whose check refuses 0 at the stack's start", async () => {
    await expect(
      startTelephonyStack({ agents: [{ id: 'ann' }], maxTargetSearches: 0, runDir: keep.runDir() }),
    ).rejects.toThrow('maxTargetSearches must be a whole number from 1 (got 0)')
  })

  // before, the check came once serve, Kamailio and the phones ran, and never with a custom http
  it.each([
    ['the default desktop', {}],
    ['a custom http', { http: () => [] }],
  ])('refuses 0 before anything starts, with %s', async (_name, extra) => {
    const runDir = keep.runDir()
    await expect(
      startTelephonyStack({ agents: [{ id: 'ann' }], maxTargetSearches: 0, runDir, ...extra }),
    ).rejects.toThrow('maxTargetSearches must be a whole number from 1 (got 0)')
    expect(readdirSync(runDir)).toEqual([])
  })

  /** An http option recording the context it was given, serving nothing. */
  function recordingHttp() {
    const seen: HttpContext[] = []
    return {
      seen,
      http: (context: HttpContext) => {
        seen.push(context)
        return []
      },
    }
  }

  it("is given to an http option in its context, an added bridge's too", async () => {
    const { seen, http } = recordingHttp()
    const stack = keep(await startTelephonyStack({ agents: [{ id: 'ann' }], maxTargetSearches: 3, http }))
    await stack.addBridge('bridge-2', { http: true })
    expect(seen.map((c) => c.maxTargetSearches)).toEqual([3, 3])
  })

  it('is left out of the context when not set (the desktop keeps its default)', async () => {
    const { seen, http } = recordingHttp()
    keep(await startTelephonyStack({ agents: [{ id: 'ann' }], http }))
    expect(seen[0]).not.toHaveProperty('maxTargetSearches')
  })
})
