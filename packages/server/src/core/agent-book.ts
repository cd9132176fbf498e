// Agent states across strategy versions: the last word per agent and media (the host's, or a state one version's
// router set itself), replayed into each new router and given once to every other version, and the agents another
// version holds, shown busy to the rest, so two versions never double-book an agent.
import type { AgentState } from '@routewright/strategy-dsl'
import type { AgentEventInput } from '@routewright/strategy-runtime'

/** What the book needs of a version's router. */
export interface AgentSink {
  agentEvent(event: AgentEventInput): void
}

const ALL_MEDIA = '*'

export class AgentBook {
  /** The last word by agent, then by media (`*` for events that name none): the host's, or a state a router set. */
  private readonly host = new Map<string, Map<string, AgentEventInput>>()
  /** Interaction id -> the agent and version holding it (reserved or connected). */
  private readonly holds = new Map<string, { agent: string; version: string }>()
  /** Agents a host's connect on a version holds while it withdraws other versions' offers of them (pinWhile). */
  private readonly pins = new Set<{ agent: string; version: string }>()
  /** Version -> its router and the agents it is being shown as busy. */
  private readonly sinks = new Map<string, { sink: AgentSink; forced: Set<string> }>()

  constructor(private readonly now: () => number) {}

  /** A new version's router: it learns every agent's state, with agents held elsewhere shown busy. */
  attach(version: string, sink: AgentSink): void {
    const entry = { sink, forced: new Set<string>() }
    this.sinks.set(version, entry)
    const events = [...this.host.values()].flatMap((byMedia) => [...byMedia.values()])
    for (const event of events.sort((a, b) => (a.at ?? 0) - (b.at ?? 0))) sink.agentEvent(event)
    for (const { agent, version: holder } of this.holds.values())
      if (holder !== version) this.force(entry, agent)
  }

  detach(version: string): void {
    this.sinks.delete(version)
  }

  /**
   * A host's agent event, given to every version not showing the agent busy for another, oldest first (an
   * interaction that waited longer is served first). `deliver` gives it to a version's router and answers the
   * router's refusal, if any; the judge is `current`'s router, or when `current` shows the agent busy for another
   * version, the first version that hears it (the holder's). Refused by the judge, it is not the agent's word: the
   * book keeps the word it had (as the Redis leader keeps only accepted events) and answers the judge's refusal. The
   * coordinator checks first what it can (media, order: `lastAt`), so a version hearing it before the judge seldom
   * hears an event the judge refuses.
   */
  record(
    event: AgentEventInput,
    current: string,
    deliver: (version: string, sink: AgentSink) => string | undefined,
  ): string | undefined {
    const judge = this.judge(event.agent, current)
    const before = this.host.get(event.agent)
    // stored before the routers hear it: a release while they do restores this word to the versions it frees
    this.host.set(event.agent, new Map(before))
    this.store({ ...event, at: event.at ?? this.now() })
    let refused: string | undefined
    for (const [version, entry] of this.sinks) {
      if (entry.forced.has(event.agent)) continue
      const refusal = deliver(version, entry.sink)
      if (version === judge) refused = refusal
    }
    if (refused !== undefined) {
      if (before) this.host.set(event.agent, before)
      else this.host.delete(event.agent)
    }
    return refused
  }

  /** When the agent's last word (the host's accepted one, or a state a router set) happened; undefined if none. */
  lastAt(agent: string): number | undefined {
    const byMedia = this.host.get(agent)
    if (!byMedia) return undefined
    let last: number | undefined
    for (const event of byMedia.values()) if (last === undefined || event.at! > last) last = event.at
    return last
  }

  /**
   * The agent's state for `media` by its last words (its own for that media, else the agent-wide one), for a
   * conditional change; `undefined` media: the agent-wide one. An agent with no word yet is logged out, as a router
   * starts it.
   */
  stateFor(agent: string, media: string | undefined): AgentState {
    const byMedia = this.host.get(agent)
    const event = (media === undefined ? undefined : byMedia?.get(media)) ?? byMedia?.get(ALL_MEDIA)
    return event?.state ?? 'logged-out'
  }

  /** The reason of the agent's last word for `media` (as `stateFor` picks it); undefined when it gave none. */
  reasonFor(agent: string, media: string | undefined): string | undefined {
    const byMedia = this.host.get(agent)
    const event = (media === undefined ? undefined : byMedia?.get(media)) ?? byMedia?.get(ALL_MEDIA)
    return event?.reason
  }

  /**
   * Whether `event` changes what the agent's last words say (a state or reason of some media): a host repeating
   * them, or a router deciding what the agent already is, changes nothing to announce.
   */
  changes(event: AgentEventInput): boolean {
    const byMedia = this.host.get(event.agent)
    const differs = (word: AgentEventInput | undefined) =>
      (word?.state ?? 'logged-out') !== event.state || word?.reason !== event.reason
    if (event.media !== undefined) return differs(byMedia?.get(event.media) ?? byMedia?.get(ALL_MEDIA))
    // for every media: it ends the per-media words, a change where one of them says otherwise
    if (differs(byMedia?.get(ALL_MEDIA))) return true
    for (const [media, word] of byMedia ?? []) if (media !== ALL_MEDIA && differs(word)) return true
    return false
  }

  /** The version whose router decides whether a host's event for `agent` is accepted. */
  private judge(agent: string, current: string): string | undefined {
    const entry = this.sinks.get(current)
    if (entry && !entry.forced.has(agent)) return current
    for (const [version, other] of this.sinks) if (!other.forced.has(agent)) return version
    return undefined
  }

  /**
   * A state `version`'s router set itself (not ready after a reservation was not answered or was rejected): the
   * agent's last word from now on, so every other version hears it once, now or when it stops showing the agent
   * busy (a version holding the agent shows it busy to the others), and later versions start with it.
   */
  decided(version: string, event: AgentEventInput & { at: number }): void {
    this.store(event)
    for (const [other, entry] of this.sinks)
      if (other !== version && !entry.forced.has(event.agent)) entry.sink.agentEvent(event)
  }

  private store(event: AgentEventInput & { at: number }): void {
    let byMedia = this.host.get(event.agent)
    if (!byMedia) {
      byMedia = new Map()
      this.host.set(event.agent, byMedia)
    }
    // a state for every media replaces the per-media ones
    if (event.media === undefined) byMedia.clear()
    byMedia.set(event.media ?? ALL_MEDIA, event)
  }

  /** An agent was reserved for an interaction of `version`: the other versions see it busy. */
  hold(interaction: string, agent: string, version: string): void {
    this.holds.set(interaction, { agent, version })
    for (const [other, entry] of this.sinks) if (other !== version) this.force(entry, agent)
  }

  /** The interaction let its agent go: versions that no longer have a reason to see it busy get the host's state. */
  release(interaction: string): void {
    const held = this.holds.get(interaction)
    if (!held) return
    this.holds.delete(interaction)
    this.unforce(held.agent)
  }

  holder(interaction: string): string | undefined {
    return this.holds.get(interaction)?.agent
  }

  /** Interactions of versions other than `version` holding `agent` (reserved or connected), oldest hold first. */
  heldElsewhere(agent: string, version: string): string[] {
    const out: string[] = []
    for (const [interaction, held] of this.holds)
      if (held.agent === agent && held.version !== version) out.push(interaction)
    return out
  }

  /**
   * Shows `agent` busy to every version but `version` while `run` runs, whatever the holds do meanwhile: a host's
   * connect withdraws another version's offer of the agent first, and that version must not offer it again before
   * the connect holds it.
   */
  pinWhile<T>(agent: string, version: string, run: () => T): T {
    const pin = { agent, version }
    this.pins.add(pin)
    for (const [other, entry] of this.sinks) if (other !== version) this.force(entry, agent)
    try {
      return run()
    } finally {
      this.pins.delete(pin)
      this.unforce(agent)
    }
  }

  /**
   * Versions with no reason left to see `agent` busy get the host's state again; not the version pinning it, until
   * its connect holds the agent (told the agent's state first, its router would offer it the place).
   */
  private unforce(agent: string): void {
    for (const [version, entry] of this.sinks) {
      if (!entry.forced.has(agent) || this.heldOutside(agent, version)) continue
      if (this.pinnedBy(agent, version)) continue
      entry.forced.delete(agent)
      this.restore(entry.sink, agent)
    }
  }

  private pinnedBy(agent: string, version: string): boolean {
    for (const pin of this.pins) if (pin.agent === agent && pin.version === version) return true
    return false
  }

  private heldOutside(agent: string, version: string): boolean {
    for (const held of this.holds.values()) if (held.agent === agent && held.version !== version) return true
    for (const pin of this.pins) if (pin.agent === agent && pin.version !== version) return true
    return false
  }

  private force(entry: { sink: AgentSink; forced: Set<string> }, agent: string): void {
    if (entry.forced.has(agent)) return
    entry.forced.add(agent)
    entry.sink.agentEvent({ agent, state: 'busy', at: this.shownAt(agent) })
  }

  /**
   * When a state the book shows a router (busy, or the last word again) happens: now, or the agent's last word when
   * the host stamped it later than this server's clock (a router refuses events older than the agent's last).
   */
  private shownAt(agent: string): number {
    const now = this.now()
    const last = this.lastAt(agent)
    return last !== undefined && last > now ? last : now
  }

  private restore(sink: AgentSink, agent: string): void {
    const byMedia = this.host.get(agent)
    const at = this.shownAt(agent)
    if (!byMedia || byMedia.size === 0) {
      sink.agentEvent({ agent, state: 'logged-out', at })
      return
    }
    // replayed now: the router refuses events older than the busy it was shown
    for (const event of byMedia.values()) sink.agentEvent({ ...event, at })
  }
}
