// The bridge takes a reservation back from the router (`reject` with `reason: 'withdrawn'`): the offer never
// reached the agent, or its outcome could not be known in time, so the agent keeps its state (no RONA) and the
// router puts the call back in its place in line.
import type { CallRecord } from './call-book.ts'
import type { RouterClient } from './router-client.ts'

export interface Withdrawal {
  router: RouterClient
  log: (message: string, fields?: Record<string, unknown>) => void
}

/** Withdraws `rec`'s reservation (forgotten on the record); `note` says why, in the router's trace and history. */
export function withdrawReservation({ router, log }: Withdrawal, rec: CallRecord, note: string): void {
  const reservation = rec.reservation
  rec.reservation = undefined
  const path = `/v1/interactions/${encodeURIComponent(rec.view.interaction)}/reject`
  const body = {
    ...(reservation === undefined ? {} : { reservation }),
    reason: 'withdrawn',
    note: note.slice(0, 200),
  }
  void router.call('POST', path, body).then(
    (answer) => {
      // the router already moved on (the reservation timed out there): nothing to undo, its next answer rings
      if (answer.status === 409 && answer.body.code === 'stale-reservation')
        log('withdrawn reservation: the router had moved on already', {
          interaction: rec.view.interaction,
          reservation,
          current: answer.body.current,
        })
      else if (answer.status >= 300)
        log('router refused', { method: 'POST', path, status: answer.status, ...answer.body })
    },
    (error: Error) => log('router unreachable', { method: 'POST', path, error: error.message }),
  )
}
