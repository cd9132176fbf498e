// The router's job written by hand behind the router's own API: interactions and agents named by string ids,
// a routed event to the host, a reservation the host confirms, a ready list per group (longest idle at its head) and a
// waiting heap per group. No strategy, no statistics, no trace: the least a host-facing router must do per cycle.
import { BinaryHeap } from '../src/util/binary-heap.ts'
import { perCpuSecond } from './measure.ts'

interface Call {
  id: string
  priority: number
  at: number
  seq: number
  group: number
  agent: number
  state: 'waiting' | 'reserved' | 'connected'
}

interface Routed {
  type: 'routed'
  interaction: string
  agent: string
  at: number
}

const before = (a: Call, b: Call) =>
  a.priority !== b.priority ? a.priority > b.priority : a.at !== b.at ? a.at < b.at : a.seq < b.seq

function minimalRouter(agents: number, groups: number, onRouted: (event: Routed) => void) {
  const groupOfStrategy = new Map<string, number>()
  const ready: number[][] = []
  const waiting: BinaryHeap<Call>[] = []
  for (let g = 0; g < groups; g++) {
    groupOfStrategy.set(`s${g}`, g)
    ready.push([])
    waiting.push(new BinaryHeap(before))
  }
  const agentIds: string[] = []
  const agentIndex = new Map<string, number>()
  for (let a = 0; a < agents; a++) {
    agentIds.push(`a${a}`)
    agentIndex.set(`a${a}`, a)
  }
  const calls = new Map<string, Call>()
  let seq = 0
  let now = 0
  const offer = (call: Call, agent: number) => {
    call.agent = agent
    call.state = 'reserved'
    onRouted({ type: 'routed', interaction: call.id, agent: agentIds[agent]!, at: now })
  }
  const agentReady = (agent: number) => {
    const g = agent % groups
    const call = waiting[g]!.pop()
    if (call) offer(call, agent)
    else ready[g]!.push(agent)
  }
  return {
    agentIndex,
    tick: () => now++,
    agentReady: (id: string) => agentReady(agentIndex.get(id)!),
    submit(input: { id: string; strategy: string; priority?: number }) {
      const group = groupOfStrategy.get(input.strategy)
      if (group === undefined) throw new Error(`unknown strategy ${input.strategy}`)
      if (calls.has(input.id)) throw new Error(`duplicate id ${input.id}`)
      const call: Call = {
        id: input.id,
        priority: input.priority ?? 0,
        at: now,
        seq: seq++,
        group,
        agent: -1,
        state: 'waiting',
      }
      calls.set(call.id, call)
      const agent = ready[group]!.shift()
      if (agent === undefined) waiting[group]!.push(call)
      else offer(call, agent)
    },
    confirm(id: string) {
      const call = calls.get(id)
      if (call?.state !== 'reserved') throw new Error(`${id} is not reserved`)
      call.state = 'connected'
    },
    complete(id: string) {
      const call = calls.get(id)
      if (call?.state !== 'connected') throw new Error(`${id} is not connected`)
      calls.delete(id)
      agentReady(call.agent)
    },
  }
}

/** The router bench's full cycle (complete, route the first in line, confirm, a new arrival) through that API. */
export function apiBaselineCycle(
  budgetMs: number,
  agents: number,
  groups: number,
  waitingCount: number,
): number {
  let last: Routed | undefined
  const router = minimalRouter(agents, groups, (event) => {
    last = event
  })
  const routed = () => {
    const r = last
    last = undefined
    return r
  }
  for (let a = 0; a < agents; a++) router.agentReady(`a${a}`)
  const handling: string[] = []
  let next = 0
  for (let a = 0; a < agents; a++) {
    const id = `i${next++}`
    router.submit({ id, strategy: `s${a % groups}` })
    const r = routed()!
    router.confirm(id)
    handling[router.agentIndex.get(r.agent)!] = id
  }
  for (let i = 0; i < waitingCount; i++) router.submit({ id: `i${next++}`, strategy: `s${i % groups}` })
  let agent = 0
  const cycle = () => {
    const a = agent++ % agents
    router.tick()
    router.complete(handling[a]!)
    const r = routed()
    if (!r) throw new Error('the freed agent was not offered the first in line')
    router.confirm(r.interaction)
    handling[a] = r.interaction
    router.submit({ id: `i${next++}`, strategy: `s${a % groups}` })
  }
  for (let k = 0; k < 20_000; k++) cycle()
  return perCpuSecond(budgetMs, cycle)
}
