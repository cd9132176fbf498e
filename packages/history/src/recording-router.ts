// Host calls the router raises no event for (submit, agent states, complete) reach the records builder through
// this wrapper: a server or an embedding host routes through it and the history sees everything.
import type { Clock, Router } from '@routewright/strategy-runtime'
import type { RecordsBuilder } from './records-builder.ts'

/**
 * A Router that tells `builder` about the host's calls before passing them on. Feed the router's own events
 * to `builder.onEvent` (its `onEvent` option) as well.
 * @example const router = recordHostCalls(createRouter({ ..., onEvent: (e) => builder.onEvent(e, inner.trace) }), builder, clock)
 */
export function recordHostCalls(router: Router, builder: RecordsBuilder, clock: Clock): Router {
  return {
    ...router,
    submit(interaction) {
      builder.submitted(interaction, clock.now())
      router.submit(interaction)
    },
    agentEvent(event) {
      builder.agentEvent(event, clock.now())
      router.agentEvent(event)
    },
    complete(interaction) {
      builder.completed(interaction, clock.now())
      router.complete(interaction)
    },
  }
}
