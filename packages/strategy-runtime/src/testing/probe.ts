// The testing interface: a router plus read access to one interaction's details and a way to set an agent's
// load, for strategy tests and the package's own tests. Hosts use the Router alone.
import { buildRouter } from '../api/router.ts'
import type { Explanation, Router, RouterOptions, TraceEntry } from '../api/types.ts'
import { traceOf } from '../engine/run.ts'
import { setLoad } from '../selection/capacity.ts'

/** What a test can see of one interaction, running or finished. */
export interface InteractionView {
  active: boolean
  reserved: boolean
  priority: number
  path: string[]
  treatments: string[]
  data: Record<string, unknown>
  /** The top-level strategy's variables. */
  variables: Record<string, unknown>
  trace: TraceEntry[]
  agent?: string
  target?: string
  destination?: string
  values?: Record<string, unknown>
  explanation?: Explanation
}

export interface RouterProbe {
  isActive(interaction: string): boolean
  isReserved(interaction: string): boolean
  interaction(interaction: string): InteractionView | undefined
  /** Sets an agent's interactions in progress per media (a scenario's `load`); false for an unknown agent. */
  setLoad(agent: string, load: Readonly<Record<string, number>>): boolean
}

export function createProbe(options: RouterOptions): { router: Router; probe: RouterProbe } {
  const { router, engine } = buildRouter(options)
  const probe: RouterProbe = {
    isActive: (id) => engine.runs.has(id),
    isReserved: (id) => engine.runs.get(id)?.reservation !== undefined,
    interaction(id) {
      const run = engine.runs.get(id) ?? engine.finished.get(id)
      if (!run) return undefined
      const view: InteractionView = {
        active: engine.runs.has(id),
        reserved: run.reservation !== undefined,
        priority: run.priority,
        path: [...run.path],
        treatments: [...run.treatments],
        data: { ...run.data },
        variables: { ...(run.frames[0]?.variables ?? {}) },
        trace: traceOf(run),
      }
      if (run.agent !== undefined) view.agent = run.agent
      if (run.target !== undefined) view.target = run.target
      if (run.destination !== undefined) view.destination = run.destination
      if (run.values !== undefined) view.values = run.values
      if (run.lastExplanation) view.explanation = run.lastExplanation
      return view
    },
    setLoad(agentId, load) {
      const agent = engine.agents.agents.get(agentId)
      if (!agent) return false
      setLoad(engine.agents, agent, load)
      return true
    },
  }
  return { router, probe }
}
