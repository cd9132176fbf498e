// The bridge's commands to routewright serve: a refusal or an unreachable router is logged, never thrown, so a
// Kamailio event handler never fails on the router's answer.
import { MAX_TRANSFER_TO_CHARS } from '@routewright/server'
import { routerAgents } from './agent-pages.ts'
import type { CallRecord } from './call-book.ts'
import { fittedAni } from './caller-ani.ts'
import type { RouterAnswer, RouterClient } from './router-client.ts'
import type { ServeLimits } from './serve-limits.ts'
import { UNREACHABLE_CODE } from './submit-refusal.ts'

export interface RouterCommandsOptions {
  router: RouterClient
  now: () => number
  log: (message: string, fields?: Record<string, unknown>) => void
  /** The strategy every call is submitted to (BridgeOptions.strategy). */
  strategy: string
  limits: ServeLimits
}

/** The path of an action on `rec`'s interaction (`confirm`, `reject`, `connect`, `abandon`, `complete`). */
export function interactionPath(rec: CallRecord, action: string): string {
  return `/v1/interactions/${encodeURIComponent(rec.view.interaction)}/${action}`
}

/** A complete's body: a leg the bridge transferred away ended by that transfer (serve's reports count it), else none. */
export function completing(rec: CallRecord): { transferred: true; to?: string } | undefined {
  const to = rec.transferredTo
  if (to === undefined) return undefined
  // a target serve would refuse (400) would lose the complete and keep the agent busy: left out instead ('': a
  // takeover's mark from Kamailio that named none)
  return to !== '' && to.length <= MAX_TRANSFER_TO_CHARS ? { transferred: true, to } : { transferred: true }
}

/** A confirm or reject answers the reservation the phone rang for, never a newer one made meanwhile. */
export function answering(rec: CallRecord): { reservation: string } | undefined {
  return rec.reservation === undefined ? undefined : { reservation: rec.reservation }
}

/** A router that could not be reached answers as a 503 with the error, so callers read one shape. */
function unreachable(error: Error): RouterAnswer {
  return { status: 503, body: { error: error.message, code: UNREACHABLE_CODE } }
}

export function createRouterCommands(options: RouterCommandsOptions) {
  const { router, now, log } = options

  function command(method: string, path: string, body?: unknown): Promise<void> {
    return router.call(method, path, body).then(
      (answer) => {
        if (answer.status >= 300)
          log('router refused', { method, path, status: answer.status, ...answer.body })
      },
      (error: Error) => log('router unreachable', { method, path, error: error.message }),
    )
  }

  /**
   * A confirm or connect with Kamailio's answer time when the bridge heard of the answer late (the link was down):
   * the router's handle time and speed of answer count from it. A time the router cannot take (clocks apart:
   * `answer-time`) is sent again without it, so the answer itself is never lost.
   */
  function answerCommand(path: string, body: Record<string, unknown>, at: number | undefined): Promise<void> {
    if (at === undefined) return command('POST', path, body)
    return router.call('POST', path, { ...body, at }).then(
      (answer) => {
        if (answer.status < 300) return
        if (answer.body.code !== 'answer-time') {
          log('router refused', { method: 'POST', path, status: answer.status, ...answer.body })
          return
        }
        log("router refused Kamailio's answer time; the answer is sent again without it", {
          path,
          at,
          error: answer.body.error,
        })
        return command('POST', path, body)
      },
      (error: Error) => log('router unreachable', { method: 'POST', path, error: error.message }),
    )
  }

  /** Kamailio's answer time if the bridge heard of it late: at most now, and not before `floor` (the offer). */
  function lateAnswerTime(answeredAt: number, floor: number | undefined): number | undefined {
    if (answeredAt >= now()) return undefined
    return floor === undefined ? answeredAt : Math.max(answeredAt, floor)
  }

  function agentState(agent: string, state: string, reason?: string): Promise<void> {
    return command('PUT', `/v1/agents/${encodeURIComponent(agent)}/state`, {
      state,
      ...(reason === undefined ? {} : { reason }),
    })
  }

  /**
   * The agent's state changed only while serve still has it in `ifState` (checked and applied at once there): the
   * answer as it came (409 `state-changed` with `current` when the agent changed meanwhile; 503 when unreachable).
   */
  function agentStateIf(agent: string, state: string, ifState: string): Promise<RouterAnswer> {
    return router
      .call('PUT', `/v1/agents/${encodeURIComponent(agent)}/state`, { state, ifState })
      .catch(unreachable)
  }

  /**
   * POST /v1/interactions for `rec`: the strategy runs for `dnis` (a routing point), or, with `connectedTo`, the
   * call arrives already connected to that agent (a call dialled to it, answered): no strategy runs.
   */
  function submitted(
    rec: CallRecord,
    dnis: string,
    connectedTo?: { agent: string; note: string },
  ): Promise<RouterAnswer> {
    const ani = fittedAni(rec.view.ani, options.limits.maxAddressChars())
    if (ani.why !== undefined)
      log('caller ANI cut to fit', { interaction: rec.view.interaction, why: ani.why })
    return router
      .call('POST', '/v1/interactions', {
        id: rec.view.interaction,
        strategy: options.strategy,
        media: 'voice',
        ani: ani.ani,
        dnis,
        ...(connectedTo === undefined ? {} : { connectedTo }),
      })
      .catch(unreachable)
  }

  /** A POST whose answer the caller reads (a connect that may be refused): unreachable reads as a 503. */
  function posted(path: string, body?: unknown): Promise<RouterAnswer> {
    return router.call('POST', path, body).catch(unreachable)
  }

  /**
   * The data the strategy attached to an interaction, as the router holds it (`GET /v1/interactions/<id>`'s `data`):
   * undefined, logged, when the router cannot say (unreachable, unknown id, an older serve without the field).
   */
  async function attachedData(interaction: string): Promise<Record<string, unknown> | undefined> {
    const path = `/v1/interactions/${encodeURIComponent(interaction)}`
    const answer = await router.call('GET', path).catch(unreachable)
    const data = answer.body.data
    if (answer.status === 200 && typeof data === 'object' && data !== null && !Array.isArray(data))
      return data as Record<string, unknown>
    // 200 without data: the strategy attached nothing (or serve predates the field)
    if (answer.status !== 200)
      log("router did not give the interaction's attached data", {
        interaction,
        status: answer.status,
        error: answer.body.error,
      })
    return undefined
  }

  /**
   * serve's agent list over its pages, or the agents named (an unreachable router reads as a 503 with no agents, its
   * error in the body).
   */
  function agents(ids?: readonly string[]): Promise<RouterAnswer> {
    return routerAgents(router, ids).catch(unreachable)
  }

  return {
    command,
    answerCommand,
    lateAnswerTime,
    agentState,
    agentStateIf,
    submitted,
    posted,
    agents,
    attachedData,
  }
}

export type RouterCommands = ReturnType<typeof createRouterCommands>
