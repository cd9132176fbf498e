// Desktop sessions over a long run: tabs closed without logging out, logins that replace a cookie, and agents who
// log out leave nothing behind.
import { describe, expect, it } from 'vitest'
import { createDesktopSessions, SESSIONS_PER_AGENT_MAX } from './desktop-sessions.ts'

function make() {
  let n = 0
  return createDesktopSessions({ media: ['voice', 'chat'], now: () => 1_000, newToken: () => `t${++n}` })
}

describe('desktop sessions over a long run', () => {
  it("ends an agent's oldest sessions past SESSIONS_PER_AGENT_MAX (tabs closed without logging out)", () => {
    const sessions = make()
    const tokens = Array.from({ length: 1000 }, () => sessions.open('ann'))
    expect(sessions.counts().sessions).toBe(SESSIONS_PER_AGENT_MAX)
    expect(sessions.agentOf(tokens[0])).toBeUndefined()
    expect(sessions.agentOf(tokens.at(-SESSIONS_PER_AGENT_MAX))).toBe('ann')
    expect(sessions.agentOf(tokens.at(-SESSIONS_PER_AGENT_MAX - 1))).toBeUndefined()
    // another agent's sessions are not touched
    const bob = sessions.open('bob')
    expect(sessions.agentOf(bob)).toBe('bob')
  })

  it("ends the session a login's cookie names: the browser holds the new one", () => {
    const sessions = make()
    let token = sessions.open('ann')
    for (let i = 0; i < 1000; i++) token = sessions.open(i % 2 ? 'ann' : 'bob', token)
    expect(sessions.counts().sessions).toBe(1)
    expect(sessions.agentOf(token)).toBe('ann')
  })

  it('forgets an agent who logged out of their last session, and never repeats a revision', () => {
    const sessions = make()
    // one still logged in at another desktop keeps their states
    const first = sessions.open('ann')
    const second = sessions.open('ann')
    sessions.setAll('ann', 'ready')
    expect(sessions.close(first)).toBe(false)
    expect(sessions.states('ann').map((s) => s.state)).toEqual(['ready', 'ready'])
    expect(sessions.close(second)).toBe(true)
    sessions.setAll('ann', 'logged-out')
    const revisions: number[] = []
    for (let i = 0; i < 1000; i++) {
      const agent = `a${i % 100}`
      const token = sessions.open(agent)
      sessions.setAll(agent, 'not-ready', 'Logged in')
      revisions.push(sessions.revision(agent))
      sessions.setState(agent, { media: 'voice', state: 'ready', since: 1_000 })
      if (sessions.close(token)) sessions.setAll(agent, 'logged-out')
      expect(sessions.states(agent).map((s) => s.state)).toEqual(['logged-out', 'logged-out'])
    }
    expect(sessions.counts()).toEqual({ sessions: 0, agents: 0 })
    // a router answer read before a logout is never taken for one read after the agent came back
    expect(new Set(revisions).size).toBe(revisions.length)
  })

  it("keeps who logged the agent out when serve's list says the same logout without who", () => {
    const sessions = make()
    sessions.open('ann')
    sessions.setAll('ann', 'ready')
    const heard: string[][] = []
    sessions.watch('ann', (states) => heard.push(states.map((s) => `${s.state} ${s.setBy} ${s.supervisor}`)))
    sessions.supervisorLogout('ann', 900, 'sam')
    sessions.follow('ann', { state: 'logged-out' })
    expect(heard).toEqual([['logged-out supervisor sam', 'logged-out supervisor sam']])
    expect(sessions.states('ann')[0]).toMatchObject({ since: 900 })
    // logged in again (a fresh login's not ready): the mark is gone
    sessions.setAll('ann', 'not-ready', 'Logged in')
    expect(sessions.states('ann').map((s) => s.setBy)).toEqual([undefined, undefined])
  })
})
