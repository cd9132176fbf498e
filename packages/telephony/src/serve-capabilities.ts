// What the serve a host talks to takes (GET /v1/capabilities), read once per connection to it (the desktop's
// ServeClient, the bridge's RouterClient through routerCapabilities): at the first need, and again once the bridge's
// event stream from serve reopens (a rolling upgrade may have swapped serve under it) or carries
// `capabilities-changed` (the routing lease moved to another build under the same stream).
// A serve without that route (older) takes none of them, and neither does one that cannot be read: the host's
// fallback, said once in the log.
import type { Capability } from '@routewright/server'
import type { ServeClient, ServeResult } from './desktop-serve.ts'
import type { RouterClient } from './router-client.ts'

export interface ServeCapabilities {
  /** Whether serve takes `name`: its list read first when not known; never rejects (unknown is "no"). */
  has(name: Capability): Promise<boolean>
  /** Serve may have changed (its stream reopened, or it said so): its list is read again at the next need. */
  forget(): void
}

/** Serve's answer to GET /v1/capabilities read: its names, or a 502 for a body without a list of names. */
export function capabilityNames(body: unknown): ServeResult<string[]> {
  const names = (body as { capabilities?: unknown } | undefined)?.capabilities
  return Array.isArray(names) && names.every((name) => typeof name === 'string')
    ? { ok: true, value: names }
    : {
        ok: false,
        status: 502,
        error: 'routewright serve sent capabilities without a "capabilities" list of names',
      }
}

/** The bridge's connection to serve (its RouterClient) asked for the list, answered as a ServeClient answers it. */
export function routerCapabilities(router: RouterClient): Pick<ServeClient, 'capabilities'> {
  return {
    async capabilities() {
      const answer = await router.call('GET', '/v1/capabilities').catch((error: Error) => error)
      // unreachable or failing (5xx): 502, asked again at the next need; an older serve's 404 holds
      if (answer instanceof Error) return { ok: false, status: 502, error: answer.message }
      if (answer.status < 300) return capabilityNames(answer.body)
      return {
        ok: false,
        status: answer.status >= 500 ? 502 : answer.status,
        error:
          typeof answer.body.error === 'string'
            ? answer.body.error
            : `routewright serve answered ${answer.status} to GET /v1/capabilities`,
      }
    },
  }
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
