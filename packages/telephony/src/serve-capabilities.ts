// What the serve a host talks to takes (GET /v1/capabilities), read once per connection to it: at the first need,
// and again once the bridge's event stream from serve reopens (a rolling upgrade may have swapped serve under it).
// A serve without that route (older) takes none of them, and neither does one that cannot be read: the host's
// fallback, said once in the log.
import type { Capability } from '@routewright/server'
import type { ServeClient } from './desktop-serve.ts'

export interface ServeCapabilities {
  /** Whether serve takes `name`: its list read first when not known; never rejects (unknown is "no"). */
  has(name: Capability): Promise<boolean>
  /** Serve may have changed (its stream reopened): its list is read again at the next need. */
  forget(): void
}

export function createServeCapabilities(
  serve: Pick<ServeClient, 'capabilities'>,
  log: (message: string, fields?: Record<string, unknown>) => void,
): ServeCapabilities {
  let known: Promise<ReadonlySet<string>> | undefined
  // the fallback is logged once until serve answers a list again, not at every request it decides
  let saidNone = false

  /** Serve's list; `keep` false for a serve that did not answer (502): asked again at the next need. */
  async function read(): Promise<{ names: ReadonlySet<string>; keep: boolean }> {
    const answer = await serve.capabilities()
    if (answer.ok) {
      saidNone = false
      return { names: new Set(answer.value), keep: true }
    }
    if (!saidNone)
      log(
        "serve's capabilities unknown (an older serve without GET /v1/capabilities, or unreachable): requests it may not take go the fallback way",
        { status: answer.status, error: answer.error },
      )
    saidNone = true
    // an older serve's 404 holds for this connection
    return { names: new Set(), keep: answer.status !== 502 }
  }

  function load(): Promise<ReadonlySet<string>> {
    const reading: Promise<ReadonlySet<string>> = read().then(({ names, keep }) => {
      if (!keep && known === reading) known = undefined
      return names
    })
    known = reading
    return reading
  }

  return {
    has: async (name) => (await (known ?? load())).has(name),
    forget() {
      known = undefined
    },
  }
}
