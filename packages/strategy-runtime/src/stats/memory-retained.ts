// pure: what the memory provider keeps for its windows, counted (bounded by subjects x buckets, not by traffic).
import type { AgentBook } from './memory-agents.ts'
import type { SubjectFigures } from './memory-subject.ts'
import { TIMELINE_STRIDE } from './memory-timeline.ts'

/** Rows and logged answers the windowed figures keep, and the numbers they hold (8 bytes each). */
export interface RetainedFigures {
  /** Agents with a record, and groups and queues with figures. */
  agents: number
  subjects: number
  /** Rows of every agent and group timeline (7 numbers each) and of the queues' series (3 numbers each). */
  timelineRows: number
  /** The part of timelineRows in the agents' own records. */
  agentRows: number
  seriesRows: number
  /** Rows of the queues' count-only series (Entered, OverflowOut: 2 numbers each). */
  countRows: number
  /**
   * Answers kept, with their waits, to start a service level threshold read for the first time (2 numbers each); a
   * log the subjects told the same answers share counts once.
   */
  loggedAnswers: number
  /** The numbers all of them hold: timelineRows x 7 + seriesRows x 3 + countRows x 2 + loggedAnswers x 2. */
  numbers: number
}

/** Counts what `subjects` and the agents' own records keep, in O(subjects + agents). */
export function retainedFigures(
  subjects: ReadonlyMap<string, SubjectFigures>,
  agents: AgentBook,
): RetainedFigures {
  let agentCount = 0
  let timelineRows = 0
  let agentRows = 0
  let seriesRows = 0
  let countRows = 0
  let loggedAnswers = 0
  // a log shared by subjects told the same answers is kept once (answer-log-sharing.ts)
  const logs = new Set<object>()
  for (const record of agents.records()) {
    agentCount++
    agentRows += record.rowCount
  }
  timelineRows += agentRows
  for (const subject of subjects.values()) {
    const sides = subject.sidesIfAny()
    if (sides.agents) timelineRows += sides.agents.rowCount
    if (!sides.queue) continue
    const parts = sides.queue.windowParts()
    seriesRows += parts.answers.size + parts.abandoned.size
    countRows += parts.entered.size + parts.overflowOut.size
    for (const w of parts.within) seriesRows += w.series.size
    if (logs.has(parts.log)) continue
    logs.add(parts.log)
    loggedAnswers += parts.log.size
  }
  return {
    agents: agentCount,
    subjects: subjects.size,
    timelineRows,
    agentRows,
    seriesRows,
    countRows,
    loggedAnswers,
    numbers: timelineRows * TIMELINE_STRIDE + seriesRows * 3 + countRows * 2 + loggedAnswers * 2,
  }
}
