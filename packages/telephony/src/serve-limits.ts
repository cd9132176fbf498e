// The limits of the serve the bridge submits to (GET /v1/limits), read at the bridge's start and each time its event
// stream reconnects (serve may have restarted with other --limits): a caller's ANI is cut to serve's maxAddressChars,
// and a ringing call's fate is asked of Kamailio before serve's reservation timeout runs out, not the bridge's guess.
import { DEFAULT_LIMITS } from '@routewright/strategy-runtime'
import type { RouterClient, RouterEventData } from './router-client.ts'

export interface ServeLimits {
  /** Asks serve again; never rejects (an answer it cannot take is logged and the defaults are used). */
  read(): Promise<void>
  /** The longest ANI serve takes: serve's maxAddressChars, else the router's default. */
  maxAddressChars(): number
  /** How long the router holds a reservation: serve's reservationTimeoutMs, else `ownReservationMs`. */
  reservationTimeoutMs(): number
}

/** Serve's limit when it is a whole number of ms from 1 s to a day (the router's own bounds are narrower). */
function reservationOf(given: unknown): number | undefined {
  return typeof given === 'number' && Number.isSafeInteger(given) && given >= 1000 && given <= 86_400_000
    ? given
    : undefined
}

/** `ownReservationMs`: the bridge's setting (BridgeOptions.reservationTimeoutMs), used until serve says. */
export function createServeLimits(
  router: RouterClient,
  log: (message: string, fields?: Record<string, unknown>) => void,
  ownReservationMs: number = DEFAULT_LIMITS.reservationTimeoutMs,
): ServeLimits {
  let maxAddressChars = DEFAULT_LIMITS.maxAddressChars
  let reservationTimeoutMs = ownReservationMs
  /** Serve's reservation timeout from its answer; one it does not give (an older serve) keeps the bridge's own. */
  const takeReservation = (given: unknown) => {
    const ms = reservationOf(given) ?? ownReservationMs
    if (ms !== reservationTimeoutMs)
      log("serve's reservation timeout read: a ringing call's fate is asked of Kamailio before it runs out", {
        reservationTimeoutMs: ms,
        was: reservationTimeoutMs,
      })
    reservationTimeoutMs = ms
  }
  const fallBack = (why: Record<string, unknown>) => {
    maxAddressChars = DEFAULT_LIMITS.maxAddressChars
    log("serve's limits unknown (an older serve without GET /v1/limits?): the default limits are used", {
      ...why,
      maxAddressChars,
    })
  }
  return {
    async read() {
      let answer: Awaited<ReturnType<RouterClient['call']>>
      try {
        answer = await router.call('GET', '/v1/limits')
      } catch (error) {
        // unreachable now (its stream just opened): the limits known so far stay, the defaults at the start
        log("serve's limits could not be read (unreachable): the limits known so far stay", {
          error: (error as Error).message,
          maxAddressChars,
        })
        return
      }
      takeReservation(answer.status === 200 ? answer.body.reservationTimeoutMs : undefined)
      if (answer.status !== 200) return fallBack({ status: answer.status })
      const given = answer.body.maxAddressChars
      if (typeof given !== 'number' || !Number.isSafeInteger(given) || given < 1)
        return fallBack({ got: typeof given === 'number' ? given : typeof given })
      if (given !== maxAddressChars)
        log("serve's limits read: caller ANIs are cut to fit them", { maxAddressChars: given })
      maxAddressChars = given
    },
    maxAddressChars: () => maxAddressChars,
    reservationTimeoutMs: () => reservationTimeoutMs,
  }
}

/**
 * Follows serve's event stream into the bridge, and tells it each time the stream reopens after a drop (serve
 * restarted, maybe with other --limits or as another build): its limits and capabilities are read again. Read the
 * limits once before (`readServeLimits`), for the first call.
 */
export function followServe(
  router: RouterClient,
  bridge: { onRouterEvent(event: RouterEventData): void; serveReconnected(): void },
): ReturnType<RouterClient['follow']> {
  return router.follow(
    (event) => bridge.onRouterEvent(event),
    (again) => {
      if (again) bridge.serveReconnected()
    },
  )
}
