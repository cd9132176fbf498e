// Calls dialled to an agent by id rather than to a routing point: a dialled extension rings the agent's phone at once
// and the router hears of it once answered (submitted as connected to the agent, completed at its end); a transfer's leg rings only
// a free agent, else the caller queues where they came from. The call book owns the calls; this owns no state.
import { ringNotice } from './agent-notices.ts'
import type { CallBook, CallRecord } from './call-book.ts'
import { type DirectTarget, directCallRefusal, extensionCallRefusal } from './call-commands.ts'
import type { AgentNotice } from './call-control.ts'
import type { ResumeAnswer } from './link-outage.ts'
import type { rejectOfRing } from './ring-outcome.ts'
import { completing, interactionPath, type RouterCommands } from './router-commands.ts'
import type { ServeCapabilities } from './serve-capabilities.ts'
import { refusalHeaders } from './sip-messages.ts'
import { routerUnavailable } from './submit-refusal.ts'

/** What the caller of an agent dialled by id hears when that agent logs out while the phone rings. */
export const DIALLED_AGENT_LOGGED_OUT = {
  code: 480,
  reason: 'Agent logged out',
  headers: refusalHeaders(
    480,
    'the agent dialled logged out while the phone rang: the call was not answered',
  ),
} as const

export interface DirectCallsOptions {
  book: CallBook
  commands: RouterCommands
  /** What the bridge's serve takes (GET /v1/capabilities): a conditional ready again only where it lists it. */
  capabilities: ServeCapabilities
  now: () => number
  log: (message: string, fields?: Record<string, unknown>) => void
  /** Tells the agent's desktop why it went not ready. */
  notify: (notice: AgentNotice) => void
  /** The bridge's answer to the held INVITE (ring an agent, or a final reply). */
  resume: (rec: CallRecord, answer: ResumeAnswer) => void
  /** Offers a call to the router for a routing point (the bridge's routed path). */
  submit: (rec: CallRecord, dnis: string) => Promise<void>
  /** BridgeOptions.retryAfterSeconds: the Retry-After of the 503 when serve cannot say who the agent is. */
  retryAfterSeconds?: number | undefined
}

export function createDirectCalls(options: DirectCallsOptions) {
  const { book, commands, log, resume } = options
  const counts = { transfersQueued: 0 }

  /** An INVITE to an agent by id: rung if the agent may take it, queued if a transfer's, else refused (486/404). */
  async function invited(rec: CallRecord): Promise<void> {
    rec.direct = true
    const agents = await commands.agents([rec.view.dnis])
    const list = (agents.body.agents ?? []) as DirectTarget[]
    const agent = list.find((a) => a.id === rec.view.dnis)
    const queue = book.routingPointOf(rec.view.callId)
    // a transfer's leg keeps the transfer's rule (nothing offered); a dialled extension rings through an offer
    const refusal =
      agent &&
      (queue === undefined
        ? extensionCallRefusal(agent, book.busyAgents(['talking']))
        : directCallRefusal(agent, book.busyAgents()))
    if (agent && refusal === undefined) {
      commands.agentState(agent.id, 'busy')
      resume(rec, { agent: agent.id })
      return
    }
    // the target changed state since the transfer's check (or the router could not say): the caller waits in the
    // queue of the routing point it dialled before, rather than hear a 486 and be lost
    if (queue !== undefined) {
      counts.transfersQueued++
      const why = agent ? refusal : `${rec.view.dnis} is not known to the router now`
      log('the transfer target cannot take the call now; the caller is queued instead', {
        interaction: rec.view.interaction,
        agent: rec.view.dnis,
        why,
        queue,
      })
      rec.direct = false
      book.addLegData(rec, { TransferFailed: `${rec.view.dnis}: ${why}` })
      return options.submit(rec, queue)
    }
    if (agents.status !== 200) {
      // serve could not list its agents: an outage (503, Retry-After), not an agent it does not know (404)
      log('router did not list its agents; a call dialled to an agent is refused', {
        interaction: rec.view.interaction,
        agent: rec.view.dnis,
        status: agents.status,
        ...agents.body,
      })
      resume(
        rec,
        routerUnavailable(
          'routewright serve did not list its agents',
          agents.retryAfter,
          options.retryAfterSeconds,
        ),
      )
      book.end(rec, 'other')
      return
    }
    // the why (her state, or no such agent at the router) for the carrier's log too
    resume(
      rec,
      agent
        ? { code: 486, reason: 'Agent busy', headers: refusalHeaders(486, `agent ${refusal}`) }
        : {
            code: 404,
            reason: 'No such agent',
            headers: refusalHeaders(404, `no agent ${rec.view.dnis} is known to the router`),
          },
    )
    book.end(rec, 'other')
  }

  /** The agent's phone did not answer: the agent goes not ready as after a RONA, and the caller hears why. */
  function noAnswer(rec: CallRecord, outcome: ReturnType<typeof rejectOfRing>): void {
    const agent = rec.view.agent
    if (agent) {
      // the router's own reasons for a RONA (`no-answer` rang out, `declined` refused: the routed path's
      // mapping), so serve's agent list (and every desktop) says why
      commands.agentState(agent, 'not-ready', outcome.reason)
      options.notify(ringNotice(agent, rec.view.interaction, options.now(), outcome.reason))
    }
    const who = agent === undefined ? 'the agent' : `agent ${agent}`
    const [code, reason, why] =
      outcome.reason === 'declined'
        ? [603, 'Declined', `${who} declined the call`]
        : [480, 'No answer', `${who}'s phone did not answer`]
    resume(rec, { code, reason, headers: refusalHeaders(code, why) })
    book.end(rec, 'other')
  }

  /**
   * The ring was withdrawn (the agent logged out or was signed out: bridge.ts `withdrawRings`) and the phone's INVITE
   * cancelled: the caller hears 480 (the agent is not available, as a logged-out extension; not 486, she is not on a
   * call), and the agent's state is left to her logout (no RONA's not-ready, no ready again).
   */
  function withdrawn(rec: CallRecord): void {
    rec.withdrawnRing = undefined
    log('a call dialled to an agent who logged out is refused: its ring was withdrawn', {
      interaction: rec.view.interaction,
      agent: rec.view.agent,
    })
    resume(rec, DIALLED_AGENT_LOGGED_OUT)
    book.end(rec, 'other')
  }

  /** The agent answered: the router is told (the promise is kept on the call so its end waits for it). */
  function answered(rec: CallRecord): Promise<void> {
    rec.connecting = connect(rec)
    return rec.connecting
  }

  /**
   * A call dialled to an agent was answered: the router is told in one submit that it arrives connected to that
   * agent (no strategy runs, nothing is offered to anyone else), so it is recorded as that agent's and takes its
   * place, withdrawing an offer of another call that held it (the agent keeps its state; that call is routed again).
   * A refused one (the agent's places hold confirmed work, or the router is unreachable) is not created at the router.
   */
  async function connect(rec: CallRecord): Promise<void> {
    const agent = rec.view.agent ?? ''
    // no answer time: the interaction arrives at the router with this submit, after the answer
    const submit = await commands.submitted(rec, rec.view.dnis, {
      agent,
      note: `answered on a call dialled to ${agent}`,
    })
    if (submit.status === 201) {
      rec.connected = true
      return
    }
    log('router refused a direct call answered by its agent; it is not recorded there', {
      interaction: rec.view.interaction,
      agent,
      status: submit.status,
      ...submit.body,
    })
  }

  /**
   * The agent set busy for the call is ready again, unless it chose another state meanwhile (its desktop's Not
   * ready for a break after this call, a logout): the bridge undoes only its own `busy`, in one conditional change
   * serve checks and applies at once (`ifState`), so a change landing between a read and a write is never lost.
   * A serve that does not list `agent-state-if-state` (older) gets the old rule: ready whatever she chose.
   */
  async function readyAgain(rec: CallRecord): Promise<void> {
    const agent = rec.view.agent
    if (!agent) return
    if (!(await options.capabilities.has('agent-state-if-state'))) return commands.agentState(agent, 'ready')
    const path = `/v1/agents/${encodeURIComponent(agent)}/state`
    const answer = await commands.agentStateIf(agent, 'ready', 'busy')
    if (answer.status < 300) return
    if (answer.body.code === 'state-changed') {
      log('the agent of a dialled call changed state during it; kept, not made ready', {
        interaction: rec.view.interaction,
        agent,
        state: answer.body.current,
      })
      return
    }
    log(answer.status === 503 ? 'router unreachable' : 'router refused', {
      method: 'PUT',
      path,
      status: answer.status,
      ...answer.body,
    })
  }

  /** The caller hung up before the answer: the agent set busy for the ring is ready again. */
  function abandoned(rec: CallRecord): void {
    void readyAgain(rec)
  }

  /** The call ended after its answer: the agent is ready again, and the router's interaction completed. */
  function hungUp(rec: CallRecord): void {
    const ready = readyAgain(rec)
    // completed once the connect is answered (a complete before it would find the interaction in line), and after
    // the agent's state: whoever sees the call completed sees its agent ready too, as before the state was read
    void Promise.all([ready, rec.connecting]).then(() => {
      if (rec.connected) return commands.command('POST', interactionPath(rec, 'complete'), completing(rec))
    })
  }

  return { invited, noAnswer, withdrawn, answered, abandoned, hungUp, counts: () => ({ ...counts }) }
}
