// The @routewright/history functions the server uses, passed in rather than imported: the history package is private
// (the CLI bundles it), so the published server must load without it. Records, the store and every figure keep their
// one definition there. Only types are imported here; they vanish from the JavaScript.
import type * as History from '@routewright/history'

export type HistoryKit = Pick<
  typeof History,
  | 'createRecordsBuilder'
  | 'createHistoryRecorder'
  | 'figuresOf'
  | 'emptySums'
  | 'addInteraction'
  | 'addOverflowOut'
  | 'liveInteraction'
  | 'reportKeys'
  | 'openStore'
  | 'readSeedPage'
  | 'readSeedGroups'
  | 'readSeedSlots'
  | 'earliestLateArrival'
  | 'slotsHoldAll'
  | 'storeOfOneRouter'
  | 'SEED_SLOT_MS'
>

/**
 * The kit from the installed @routewright/history, when it can be loaded (the repository, an install that has it);
 * undefined otherwise: serve then runs without history, monitor and alarms, and says so.
 */
export async function loadHistoryKit(): Promise<HistoryKit | undefined> {
  const name = '@routewright/history'
  try {
    return (await import(/* @vite-ignore */ name)) as HistoryKit
  } catch {
    return undefined
  }
}
