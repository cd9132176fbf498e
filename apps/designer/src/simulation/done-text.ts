// The simulation's status line once its runs are done: how many contacts went through which version. Before, it read
// "Done: edited 424 calls", the run's label glued to its count.
import { contactsOf } from './sim-form.ts'

/** A run's label (`edited`, `this version`, `saved`, another strategy's id) and the contacts it offered. */
export interface DoneRun {
  label: string
  offered: number
}

/** The version a run simulated, as a sentence names it. */
function versionName(label: string): string {
  if (label === 'edited') return 'the edited version'
  if (label === 'saved') return 'the saved version'
  if (label === 'this version') return label
  return `strategy ${label}`
}

/** `Done: 424 calls through the edited version, 431 through the saved version (after warm-up).` */
export function doneText(runs: readonly DoneRun[], media: string): string {
  const counts = runs.map(
    (run, i) =>
      `${run.offered.toLocaleString('en-US')}${i === 0 ? ` ${contactsOf(media)}` : ''} through ${versionName(run.label)}`,
  )
  return `Done: ${counts.join(', ')} (after warm-up).`
}
