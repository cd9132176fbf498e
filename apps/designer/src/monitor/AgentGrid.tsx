// The agent grid, virtualised: a fixed row height and only the rows in view (plus a few) in the DOM, so hundreds
// of agents cost the same per frame as a dozen.
import { memo, useState } from 'react'
import type { AgentRow } from './monitor-types.ts'

const ROW = 26
const OVERSCAN = 6

/** The rows to draw for a scroll position: [first, last) indexes. Exported for tests. */
export function visibleRange(scrollTop: number, viewport: number, count: number): [number, number] {
  const first = Math.max(0, Math.floor(scrollTop / ROW) - OVERSCAN)
  const last = Math.min(count, Math.ceil((scrollTop + viewport) / ROW) + OVERSCAN)
  return [first, Math.max(first, last)]
}

function loadText(load: Record<string, number>): string {
  const parts = Object.entries(load).filter(([, n]) => n > 0)
  return parts.length === 0 ? '–' : parts.map(([media, n]) => `${media} ${n}`).join(', ')
}

export const AgentGrid = memo(function AgentGrid({
  agents,
  height = 220,
}: {
  agents: readonly AgentRow[]
  height?: number
}) {
  const [scrollTop, setScrollTop] = useState(0)
  const [first, last] = visibleRange(scrollTop, height, agents.length)
  return (
    <div className="rw-mon-agents" data-testid="monitor-agents" data-count={agents.length}>
      <div className="rw-mon-agents__head">
        <span>Agent</span>
        <span>State</span>
        <span>Load</span>
        <span>Groups</span>
      </div>
      <section
        className="rw-mon-agents__body"
        style={{ height }}
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
        aria-label={`${agents.length} agents`}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling list must take focus to scroll by keyboard
        tabIndex={0}
      >
        <div style={{ height: agents.length * ROW, position: 'relative' }}>
          {agents.slice(first, last).map((agent, i) => (
            <div
              key={agent.id}
              className={`rw-mon-agent is-${agent.reserved > 0 ? 'reserved' : agent.state}`}
              data-testid={`monitor-agent-${agent.id}`}
              data-state={agent.state}
              style={{ top: (first + i) * ROW, height: ROW }}
            >
              <span>{agent.id}</span>
              <span>{agent.reserved > 0 ? `${agent.state} · reserved` : agent.state}</span>
              <span>{loadText(agent.load)}</span>
              <span>{agent.groups.join(', ')}</span>
            </div>
          ))}
        </div>
      </section>
    </div>
  )
})
