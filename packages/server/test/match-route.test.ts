import { matchRoute } from '@routewright/server'
import { describe, expect, it } from 'vitest'

// matchRoute checks a route's literal segments before decoding its parameters: these hold what it answers
describe('matchRoute', () => {
  it('finds a command by its literal segments and decodes its id once', () => {
    const match = matchRoute('POST', '/v1/interactions/a%20b/confirm')
    expect(match && 'route' in match && [match.route.operationId, match.params]).toEqual([
      'confirmReservation',
      { id: 'a b' },
    ])
  })

  it('tells the methods of a path that exists under another method', () => {
    expect(matchRoute('GET', '/v1/interactions/x/complete')).toEqual({ allowed: ['POST'] })
    expect(matchRoute('POST', '/v1/interactions/x')).toEqual({ allowed: ['GET'] })
  })

  it.each([
    ['an id that is no percent-encoding', '/v1/interactions/%E0%A4%A/confirm'],
    ['an empty id', '/v1/interactions//confirm'],
    ['an unknown action', '/v1/interactions/x/confirmed'],
    ['a path of no route', '/v1/nothing'],
  ])('answers nothing for %s', (_what, path) => {
    expect(matchRoute('POST', path)).toBeUndefined()
  })
})
