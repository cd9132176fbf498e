// Agent state rows as history items, for the report tests of the history, the CLI and the designer server: one
// builder, so a row's shape (router, media, groups, optional reason, setter and supervisor) is written once. Exported as ./testing.
import type { HistoryItem } from '../src/record.ts'

export interface AgentStateRowsOptions {
  /** The time minute 0 stands for, ms since the epoch. */
  start: number
  /** Default `r1`. */
  router?: string
  /** The agents' groups on every row; default none. */
  groups?: string[]
}

export interface AgentStateRowMore {
  /** The media the row applies to; default agent-wide (empty). */
  media?: string
  reason?: string | undefined
  /** Who set the state (`host`, `router`, `timeout`); default unsaid, as rows written before 0009. */
  by?: string | undefined
  /** With `by: 'supervisor'`: her name; default unsaid, as rows written before 0010. */
  supervisor?: string | undefined
}

/** A row builder: `row('ann', 50, 'not-ready', { reason: 'lunch' })` is ann not ready for lunch at minute 50. */
export type AgentStateRow = (
  agent: string,
  minute: number,
  state: string,
  more?: AgentStateRowMore,
) => HistoryItem

export function agentStateRows({ start, router = 'r1', groups = [] }: AgentStateRowsOptions): AgentStateRow {
  return (agent, minute, state, { media = '', reason, by, supervisor } = {}) => ({
    kind: 'agent-state',
    record: {
      router,
      agent,
      media,
      state,
      at: start + minute * 60_000,
      groups,
      ...(reason === undefined ? {} : { reason }),
      ...(by === undefined ? {} : { by }),
      ...(supervisor === undefined ? {} : { supervisor }),
    },
  })
}

/** A report's clock long after the test's records: a state still open at `to` counts up to `to`. */
export const LATER = { now: (): number => Date.UTC(2100, 0, 1) }
