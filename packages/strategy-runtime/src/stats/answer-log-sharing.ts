// one answer log for the subjects that were told the same answers (a queue and each of its groups hear every
// answer of the queue's calls), so the log a new threshold replays is kept once, not once per subject.
import { AnswerLog } from './memory-series.ts'

/**
 * An AnswerLog and how many subjects read it. Every subject reading one log was told exactly the answers it holds:
 * an answer told to only some of them moves those to a copy first, so each subject's log reads as its own would.
 */
export class SharedAnswerLog extends AnswerLog {
  /** Subjects whose log this is. */
  sharers = 1
  /** Scratch of the answer being logged (logAnswer): its number, its sharers among the subjects told, where they go. */
  stamp = 0
  told = 0
  logged = false
  split: SharedAnswerLog | undefined = undefined
}

/** A subject's hold on its log (QueueFigures). */
export interface AnswerLogHolder {
  log: SharedAnswerLog
}

/** A subject whose queue side holds a log (SubjectFigures). */
interface AnsweredSubject {
  readonly queue: AnswerLogHolder
}

/** Numbers each answer logged, so a log's scratch fields from an earlier answer read as stale. */
let answersLogged = 0

/**
 * Logs an answer at `at` that waited `wait` for every subject in `subjects` (no repeats): once in each log all of
 * whose sharers are told; the subjects of a log some of whose sharers are not told move to a copy of it, and those of
 * an empty log join the first empty one met, so subjects answered together from their start share one log.
 */
export function logAnswer(subjects: readonly AnsweredSubject[], at: number, wait: number): void {
  if (subjects.length === 1 && subjects[0]!.queue.log.sharers === 1) {
    // the usual answer to one group alone, in a log of its own: nothing to share or split
    subjects[0]!.queue.log.push(at, wait)
    return
  }
  const stamp = ++answersLogged
  for (let i = 0; i < subjects.length; i++) {
    const log = subjects[i]!.queue.log
    if (log.stamp !== stamp) {
      log.stamp = stamp
      log.told = 0
      log.logged = false
      log.split = undefined
    }
    log.told++
  }
  let empty: SharedAnswerLog | undefined
  for (let i = 0; i < subjects.length; i++) {
    const holder = subjects[i]!.queue
    const log = holder.log
    if (log.size === 0 && !log.logged) {
      // nothing kept yet: no history to keep apart, so it joins the log this answer starts (a log is shared only
      // once it holds an answer, so an empty one is its subject's alone)
      if (empty === undefined) {
        empty = log
        empty.logged = true
        empty.push(at, wait)
      }
      if (empty !== log) move(holder, log, empty)
      continue
    }
    if (log.told === log.sharers) {
      if (!log.logged) {
        log.logged = true
        log.push(at, wait)
      }
      continue
    }
    // some of its sharers are not told: those told leave for a copy holding what they had, plus this answer
    if (log.split === undefined) {
      const copy = log.copyInto(new SharedAnswerLog(log.horizonMs))
      copy.sharers = 0
      copy.stamp = stamp
      copy.logged = true
      copy.push(at, wait)
      log.split = copy
    }
    move(holder, log, log.split)
  }
}

/** `holder` leaves `from` for `to`; `from`'s told count goes with it, so told < sharers stays as it was. */
function move(holder: AnswerLogHolder, from: SharedAnswerLog, to: SharedAnswerLog): void {
  from.sharers--
  from.told--
  to.sharers++
  holder.log = to
}

/** `holder` reads `log` from now on (window-restore.ts: subjects restored with the same answers keep one log). */
export function shareLog(holder: AnswerLogHolder, log: SharedAnswerLog): void {
  if (holder.log === log) return
  holder.log.sharers--
  log.sharers++
  holder.log = log
}
