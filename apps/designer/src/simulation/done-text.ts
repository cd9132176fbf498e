// The simulation's status line once its runs are done: how many contacts went through which version. Before, it read
// "Done: edited 424 calls", the run's label glued to its count.
import { contactsOf } from './sim-form.ts'

/** A run's label (`edited`, `this version`, `saved`, another strategy's id) and the contacts it offered. */
export interface DoneRun {
  label: string
  offered: number
  /** Of `offered`, those that ended neither answered nor abandoned, and how (the runtime's `otherBy`). */
  other?: number
  otherBy?: Record<string, number>
}

/** The version a run simulated, as a sentence names it. */
function versionName(label: string): string {
  if (label === 'edited') return 'the edited version'
  if (label === 'saved') return 'the saved version'
  if (label === 'this version') return label
  return `strategy ${label}`
}

/**
 * `Done: 424 calls through the edited version, 431 through the saved version (after warm-up).`, then where the calls
 * that reached no agent went: `12 of 424 neither reached an agent nor hung up: route voicemail 12.`
 */
export function doneText(runs: readonly DoneRun[], media: string): string {
  const counts = runs.map(
    (run, i) =>
      `${run.offered.toLocaleString('en-US')}${i === 0 ? ` ${contactsOf(media)}` : ''} through ${versionName(run.label)}`,
  )
  // where the calls that reached no agent went, as `routewright simulate` says it (a closed schedule: most of them)
  const elsewhere = runs.flatMap((run) => {
    if (!run.other) return []
    const ways = Object.entries(run.otherBy ?? {}).map(
      ([way, count]) => `${way} ${count.toLocaleString('en-US')}`,
    )
    const whose = runs.length > 1 ? `In ${versionName(run.label)}, ` : ''
    const of = `${run.other.toLocaleString('en-US')} of ${run.offered.toLocaleString('en-US')}`
    return [
      `${whose}${of} neither reached an agent nor hung up${ways.length > 0 ? `: ${ways.join(', ')}` : ''}.`,
    ]
  })
  return [`Done: ${counts.join(', ')} (after warm-up).`, ...elsewhere].join(' ')
}
