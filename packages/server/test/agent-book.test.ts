// The AgentBook across strategy versions: every version hears each agent state once, whoever set it (the host, or
// one version's router after a reservation was not answered), now or when it stops showing the agent busy.
import type { AgentEventInput } from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'
import { AgentBook } from '../src/core/agent-book.ts'

function setup(versions: string[]) {
  let now = 1000
  const book = new AgentBook(() => now)
  const heard = new Map<string, string[]>(versions.map((v) => [v, []]))
  const say = (event: AgentEventInput) =>
    `${event.agent} ${event.state}${event.media ? `/${event.media}` : ''}`
  for (const v of versions) book.attach(v, { agentEvent: (e) => heard.get(v)!.push(say(e)) })
  /** Versions whose routers refuse the host's events (as a router refuses an out-of-order one). */
  const refusing = new Set<string>()
  /** The host's event, the last version being the current one. */
  const host = (event: AgentEventInput, current = versions.at(-1)!) =>
    book.record(event, current, (version, sink) => {
      if (refusing.has(version)) return `${version} refused`
      sink.agentEvent(event)
      return undefined
    }) === undefined
  return {
    book,
    heard,
    host,
    refusing,
    say,
    tick: () => {
      now += 1000
      return now
    },
  }
}

describe('AgentBook', () => {
  it("pins an agent for a version's connect: the others see it busy, the pinning one hears it only once it holds it", () => {
    const { book, heard, host } = setup(['v1', 'v2'])
    host({ agent: 'ann', state: 'ready' })
    book.hold('new', 'ann', 'v2')
    book.pinWhile('ann', 'v1', () => {
      // v2's offer is withdrawn: v2 may not offer ann again, nor v1 before its connect holds her
      book.release('new')
      expect(heard.get('v2')).toEqual(['ann ready', 'ann busy'])
      expect(heard.get('v1')).toEqual(['ann ready', 'ann busy'])
      book.hold('old', 'ann', 'v1')
    })
    expect(book.heldElsewhere('ann', 'v2')).toEqual(['old'])
    expect(heard.get('v2')).toEqual(['ann ready', 'ann busy'])
    expect(heard.get('v1')).toEqual(['ann ready', 'ann busy', 'ann ready'])
    // the connect done, v2 sees ann's own word again once v1 lets her go
    book.release('old')
    expect(heard.get('v2')).toEqual(['ann ready', 'ann busy', 'ann ready'])
  })

  it('gives a state one version set itself once to every other version, after it stops showing the agent busy', () => {
    const { book, heard, host, tick } = setup(['v1', 'v2'])
    host({ agent: 'ann', state: 'ready' })
    book.hold('new', 'ann', 'v2')
    // v2's router did not get an answer from ann: it set her not ready itself, then let the interaction go
    book.decided('v2', { agent: 'ann', state: 'not-ready', at: tick() })
    book.release('new')
    expect(heard.get('v1')).toEqual(['ann ready', 'ann busy', 'ann not-ready'])
    expect(heard.get('v2')).toEqual(['ann ready'])
  })

  it('gives it at once to a version not showing the agent busy, never back to the version that set it', () => {
    const { book, heard, host, tick } = setup(['v1', 'v2', 'v3'])
    host({ agent: 'bob', state: 'ready', media: 'chat' })
    book.decided('v3', { agent: 'bob', state: 'not-ready', at: tick() })
    expect(heard.get('v1')).toEqual(['bob ready/chat', 'bob not-ready'])
    expect(heard.get('v2')).toEqual(['bob ready/chat', 'bob not-ready'])
    expect(heard.get('v3')).toEqual(['bob ready/chat'])
  })

  it('starts a later version with the state a router set, not the host word it replaced', () => {
    const { book, heard, host, tick } = setup(['v1'])
    host({ agent: 'ann', state: 'ready', media: 'voice' })
    host({ agent: 'ann', state: 'ready', media: 'chat' })
    book.decided('v1', { agent: 'ann', state: 'not-ready', at: tick() })
    book.attach('v2', { agentEvent: (e) => heard.set('v2', [...(heard.get('v2') ?? []), e.state]) })
    expect(heard.get('v2')).toEqual(['not-ready'])
    // the host's next word replaces it for every version
    host({ agent: 'ann', state: 'ready' })
    expect(heard.get('v2')).toEqual(['not-ready', 'ready'])
  })

  it('keeps a version showing the agent busy while another interaction still holds her', () => {
    const { book, heard, host, tick } = setup(['v1', 'v2'])
    host({ agent: 'cat', state: 'ready' })
    book.hold('chat-1', 'cat', 'v2')
    book.hold('chat-2', 'cat', 'v2')
    book.decided('v2', { agent: 'cat', state: 'not-ready', at: tick() })
    book.release('chat-1')
    expect(heard.get('v1')).toEqual(['cat ready', 'cat busy'])
    book.release('chat-2')
    expect(heard.get('v1')).toEqual(['cat ready', 'cat busy', 'cat not-ready'])
  })

  it('keeps the word it had when the current router refuses the host event', () => {
    const { book, heard, host, refusing, say } = setup(['v1', 'v2'])
    expect(host({ agent: 'ann', state: 'not-ready' })).toBe(true)
    expect(book.lastAt('ann')).toBe(1000)
    refusing.add('v2')
    expect(host({ agent: 'ann', state: 'ready', at: 2000 })).toBe(false)
    // refused by both, the answer is the judge's refusal
    refusing.add('v1')
    const both = book.record(
      { agent: 'ann', state: 'ready', at: 2000 },
      'v2',
      (version) => `${version} refused`,
    )
    expect(both).toBe('v2 refused')
    // a draining version refusing does not make it refused: only the judge decides
    refusing.clear()
    refusing.add('v1')
    expect(host({ agent: 'ann', state: 'logged-out', media: 'chat', at: 3000 })).toBe(true)
    refusing.clear()
    book.attach('v3', { agentEvent: (e) => heard.set('v3', [...(heard.get('v3') ?? []), say(e)]) })
    expect(heard.get('v3')).toEqual(['ann not-ready', 'ann logged-out/chat'])
    expect(book.lastAt('ann')).toBe(3000)
    expect(book.lastAt('bob')).toBeUndefined()
  })

  it('lets the holder judge while the current version shows the agent busy, and restores only what it accepted', () => {
    const { book, heard, host, refusing } = setup(['v1', 'v2'])
    host({ agent: 'ann', state: 'ready' })
    book.hold('old', 'ann', 'v1')
    refusing.add('v1')
    expect(host({ agent: 'ann', state: 'logged-out' })).toBe(false)
    refusing.delete('v1')
    book.release('old')
    expect(heard.get('v2')).toEqual(['ann ready', 'ann busy', 'ann ready'])
    expect(host({ agent: 'ann', state: 'not-ready' })).toBe(true)
    expect(heard.get('v1')).toEqual(['ann ready', 'ann not-ready'])
    expect(heard.get('v2')).toEqual(['ann ready', 'ann busy', 'ann ready', 'ann not-ready'])
  })

  it('stores the host event when no router hears it (the agent is held outside every version)', () => {
    const { book, heard, host, refusing } = setup(['v1'])
    host({ agent: 'ann', state: 'ready' })
    book.hold('adopted', 'ann', '@adopted')
    refusing.add('v1')
    expect(host({ agent: 'ann', state: 'not-ready' })).toBe(true)
    refusing.delete('v1')
    book.release('adopted')
    expect(heard.get('v1')).toEqual(['ann ready', 'ann busy', 'ann not-ready'])
  })
})
