// How soon the routing process commits an event: what a host waits on to route goes at once; what only records a
// host's word (its confirm, abandon, a reservation that ended) may linger to ride the next urgent commit.
// pure: nothing here reads the clock or the network
import { assertNever } from '@routewright/strategy-dsl'
import type { CommitWhen } from './redis-commit-pipeline.ts'
import type { ServerEvent } from './types.ts'

export function commitWhen(event: ServerEvent): CommitWhen {
  switch (event.type) {
    // the host offers the interaction to the agent, plays the treatment, or moves it on: it waits for these
    case 'routed':
    case 'treatment':
    case 'queued':
    case 'timeout':
    case 'failed':
    case 'data-attached':
      return 'turn'
    // a refused command or submit: its caller waits for the refusal alone, and it is rare
    case 'error':
      return 'turn'
    // a confirm's or an abandon's record only; a strategy's end sends the host to a destination, so it is urgent
    case 'finished':
      return event.outcome === 'routed' || event.outcome === 'abandoned' ? 'linger' : 'turn'
    // the offer ended (reject, no answer, withdrawn); routing the interaction again makes its own urgent events
    case 'reservation-rejected':
      return 'linger'
    // the host's change waits for its snapshot (the new priority) to be in Redis, as any command: commit at once
    case 'priority-changed':
      return 'turn'
    default:
      return assertNever(event, 'event')
  }
}
