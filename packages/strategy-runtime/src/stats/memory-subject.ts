// pure: the running figures of one subject (agent, group or queue); the provider updates them, reads combine them.
import { type AnswerLogHolder, SharedAnswerLog } from './answer-log-sharing.ts'
import { CountSeries, CumulativeSeries, PairSeries, WaitingHeap, type WaitMark } from './memory-series.ts'
import { AgentTimeline } from './memory-timeline.ts'

/** What a read needs of a subject's agents: a group's figures, or one agent's own record (memory-agents.ts). */
export interface AgentSide {
  readonly loggedIn: number
  readonly readyFree: number
  readonly staffed: number
  /** Interactions in progress. */
  readonly totalLoad: number
  /** Logged-in time (agent-ms) over `(from, to]`. */
  loggedInMs(from: number, to: number): number
  /** Handling time (agent-ms) over `(from, to]`. */
  handlingMs(from: number, to: number): number
  /** Completions over `(from, to]`. */
  completed(from: number, to: number): number
  /** Handle time (ms) of those completions. */
  handleMs(from: number, to: number): number
}

/** Figures about the agents of a group or queue: counts now, time integrals and completions over time. */
export class AgentFigures extends AgentTimeline implements AgentSide {
  loggedIn = 0
  /** Ready with free capacity in some media. */
  readyFree = 0
  /** Logged in and not in not-ready: the agents who will take work (EWT's denominator). */
  staffed = 0
  handling = 0
  load = 0

  get totalLoad(): number {
    return this.load
  }

  /** Applies an agent's change of flags at time `at`. */
  shift(at: number, loggedIn: number, readyFree: number, staffed: number, handling: number): void {
    if (loggedIn !== 0 || handling !== 0) {
      this.loggedIn += loggedIn
      this.handling += handling
      this.setRates(at, this.loggedIn, this.handling)
    }
    this.readyFree += readyFree
    this.staffed += staffed
  }
}

/** Figures about the interactions offered to a subject: who waits, answers, abandons, service level. */
export class QueueFigures implements AnswerLogHolder {
  /** Interactions waiting in this subject now. */
  waiting = 0
  private readonly heap = new WaitingHeap()
  /** Answers (count) and their waits in ms (sum). */
  readonly answers: PairSeries
  readonly abandoned: CumulativeSeries
  /** Interactions that entered this subject, once each, and those that left it for a later queue (queues in turn). */
  readonly entered: CountSeries
  readonly overflowOut: CountSeries
  /** Answers within each threshold asked for so far, by threshold in ms (an array: answers walk it, no iterator). */
  private readonly withinBy: Array<{ thresholdMs: number; series: CumulativeSeries }> = []
  /**
   * Answer times and waits (older ones per quarter hour), to start a new threshold's series from history; shared
   * with the subjects told the same answers (logAnswer in answer-log-sharing.ts logs them, not answer()).
   */
  log: SharedAnswerLog

  constructor(private readonly horizonMs: number) {
    this.answers = new PairSeries(horizonMs)
    this.log = new SharedAnswerLog(horizonMs)
    this.abandoned = new CumulativeSeries(horizonMs)
    this.entered = new CountSeries(horizonMs)
    this.overflowOut = new CountSeries(horizonMs)
  }

  /** An interaction starts waiting here with its (live) mark. */
  enqueue(mark: WaitMark): void {
    this.waiting++
    this.heap.push(mark)
  }

  /** One of the interactions waiting here left: `mark`, dead now. */
  dequeued(mark: WaitMark): void {
    this.waiting--
    // the oldest usually leaves (served first): its dead mark goes now, so lists stay small and marks recycle early;
    // dead marks deeper down go lazily, swept when they outnumber the live ones
    this.heap.dropFirst(mark)
    if (this.heap.size > 2 * this.waiting + 64) this.heap.sweep()
  }

  oldestSince(): number | undefined {
    return this.heap.peek()?.since
  }

  /** Counts an answer in the series; its log is told once per shared log (logAnswer). */
  answer(at: number, wait: number): void {
    this.answers.add(at, 1, wait)
    const withinBy = this.withinBy
    for (let i = 0; i < withinBy.length; i++)
      if (wait <= withinBy[i]!.thresholdMs) withinBy[i]!.series.add(at, 1)
  }

  abandon(at: number): void {
    this.abandoned.add(at, 1)
  }

  /** Its windowed parts, for window-snapshot.ts (the within-threshold series by threshold, as kept). */
  windowParts(): {
    answers: PairSeries
    abandoned: CumulativeSeries
    /** Not in the window snapshots yet: a process taking over starts them at 0 (packages/history docs/figures.md). */
    entered: CountSeries
    overflowOut: CountSeries
    log: SharedAnswerLog
    within: ReadonlyArray<{ thresholdMs: number; series: CumulativeSeries }>
  } {
    return {
      answers: this.answers,
      abandoned: this.abandoned,
      entered: this.entered,
      overflowOut: this.overflowOut,
      log: this.log,
      within: this.withinBy,
    }
  }

  /** Answers within `thresholdMs`; the first read of a threshold replays the kept history once. */
  within(thresholdMs: number): CumulativeSeries {
    for (const w of this.withinBy) if (w.thresholdMs === thresholdMs) return w.series
    const series = new CumulativeSeries(this.horizonMs)
    this.log.forEachWithin(thresholdMs, (time, count) => series.add(time, count))
    this.withinBy.push({ thresholdMs, series })
    return series
  }
}

/** One subject's figures; each half is created on first use so 50,000 idle agents stay small. */
export class SubjectFigures {
  private agentSide: AgentFigures | undefined
  private queueSide: QueueFigures | undefined
  /** Completions of interactions offered through a queue count for the queue (its key starts with `queue:`). */
  readonly isQueue: boolean

  constructor(
    readonly key: string,
    private readonly horizonMs: number,
  ) {
    this.isQueue = key.startsWith('queue:')
  }

  get agents(): AgentFigures {
    this.agentSide ??= new AgentFigures(this.horizonMs)
    return this.agentSide
  }

  get queue(): QueueFigures {
    this.queueSide ??= new QueueFigures(this.horizonMs)
    return this.queueSide
  }

  /** The agent half if made, none created, nothing allocated (the windows' slice pass asks every subject each write). */
  agentsIfAny(): AgentFigures | undefined {
    return this.agentSide
  }

  /** The queue half if made, likewise. */
  queueIfAny(): QueueFigures | undefined {
    return this.queueSide
  }

  /** The halves made so far, none created (window-snapshot.ts). */
  sidesIfAny(): { agents?: AgentFigures; queue?: QueueFigures } {
    return {
      ...(this.agentSide ? { agents: this.agentSide } : {}),
      ...(this.queueSide ? { queue: this.queueSide } : {}),
    }
  }
}
