// The `monitor-live` stream events: what moved on the wallboard (live entries per node, waits per target, entered
// and overflow out per queue and group), at most
// once per MONITOR_LIVE_MS while something moves and someone follows the stream (none otherwise), numbered so a
// view can order them against a snapshot (`liveSeq`). The Monitor view takes these figures from here.
import type { Clock, TimerHandle } from '@routewright/strategy-runtime'
import type { LiveEntered, MonitorLiveEvent, StaleMark } from '../core/types.ts'
import { createOutageLog, type Logger } from '../log.ts'
import { type Waits, waitRows } from './monitor.ts'
import type { RecordWindow } from './record-window.ts'

/** At most this often a `monitor-live` event, while something moves. */
export const MONITOR_LIVE_MS = 250

export interface LivePublisherOptions {
  clock: Clock
  window: Pick<RecordWindow, 'takeLiveChanges'>
  /** Brings the window's live entries up to date (the traces of interactions that moved are read then). */
  catchUp?(): Promise<void>
  /** Waits per target and in all now (`waitsOf` the coordinator's waiting list). */
  waits(): Promise<Waits>
  /**
   * Entered and overflow out per queue and group as of `now` (`liveEntered`), with the waits begun in the window
   * (`waits.waiting`); undefined: none to read yet.
   */
  entered?(now: number, waits: Waits): LiveEntered | undefined
  publish(event: MonitorLiveEvent): void
  /** Set while the figures are what this process holds with Redis unreachable: each event carries it then. */
  stale?(): StaleMark | undefined
  /** Whether anyone follows the stream: with nobody there, nothing is read or sent (a view starts from a snapshot). */
  listened(): boolean
  log: Logger
}

export interface LivePublisher {
  /** Something moved (an event, or Redis lost or back): an event follows within MONITOR_LIVE_MS. */
  moved(): void
  /** The seq of the last event sent (0: none yet). */
  seq(): number
  /** No more events; resolves once one on its way is sent. */
  close(): Promise<void>
}

export function createLivePublisher(options: LivePublisherOptions): LivePublisher {
  const { clock, log } = options
  let seq = 0
  let timer: TimerHandle | undefined
  let publishing: Promise<void> | undefined
  let closed = false
  // a coordinator that cannot answer now (Redis down): the next move tries again; said once as it starts and ends
  const outage = createOutageLog(log, 'live monitor figures not sent', 'live monitor figures sent again', {
    level: 'warn',
  })

  /** The last event sent carried the stale mark: a view shows it until an event without it goes out. */
  let marked = false
  const send = (event: Omit<MonitorLiveEvent, 'type' | 'seq' | 'stale'>, stale: StaleMark | undefined) => {
    // absent once Redis is back: the first event without it tells a view its figures are fresh again
    options.publish({ type: 'monitor-live', seq: ++seq, ...event, ...(stale ? { stale } : {}) })
    marked = stale !== undefined
  }
  const publish = async () => {
    try {
      await options.catchUp?.()
      const waits = await options.waits()
      if (closed) return
      // from here on synchronous: the nodes taken, the seq and the event go together
      const now = clock.now()
      const entered = options.entered?.(now, waits)
      send(
        {
          at: now,
          liveNodes: options.window.takeLiveChanges(),
          waiting: waitRows(waits.byTarget, now),
          waitingTotal: waits.total,
          ...(entered ? { entered } : {}),
        },
        options.stale?.(),
      )
      outage.recovered()
    } catch (error) {
      outage.failed({ error: error instanceof Error ? error.message : String(error) })
      if (closed) return
      const stale = options.stale?.()
      // a process that does not route cannot read its waits while Redis is away: it still says its figures are stale
      if (stale) send({ at: clock.now(), liveNodes: {} }, stale)
      // and a view it marked keeps being offered the unmarked event until the figures can be read again
      else if (marked) moved()
    }
  }
  const moved = () => {
    if (closed || timer !== undefined) return
    timer = clock.setTimeout(() => {
      timer = undefined
      // what moved meanwhile stays marked in the window: the first event once someone follows carries it
      if (!options.listened()) return
      if (publishing) moved()
      else publishing = publish().finally(() => (publishing = undefined))
    }, MONITOR_LIVE_MS)
  }
  return {
    moved,
    seq: () => seq,
    async close() {
      closed = true
      if (timer !== undefined) clock.clearTimeout(timer)
      timer = undefined
      await publishing
    },
  }
}
