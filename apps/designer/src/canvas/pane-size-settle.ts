// pure: when a measured pane size is reported: at once when the pane is first measured, shown or hidden, or when a
// held size is let go; else once the size has stayed `settleMs`, so a window resize reaches the layout once, when it
// stops. The timers are injected (no wall clock here).
import type { TimerApi } from '../core/timers.ts'

export interface PaneSize {
  width: number
  height: number
}

export interface PaneSizeSettleOptions {
  timers: TimerApi
  settleMs: number
  /** Called with each size that counts (the same size may come again: the caller drops repeats). */
  report(size: PaneSize): void
}

export interface PaneSizeSettle {
  /** A size measured (the first one, or a ResizeObserver's). */
  measured(size: PaneSize): void
  /** Reports the latest size now, without waiting for it to settle (a splitter let go). */
  flush(): void
  destroy(): void
}

const area = (s: PaneSize) => s.width * s.height

export function createPaneSizeSettle({ timers, settleMs, report }: PaneSizeSettleOptions): PaneSizeSettle {
  let latest: PaneSize | undefined
  let reported: PaneSize | undefined
  let timer: unknown
  const cancel = () => {
    if (timer !== undefined) timers.clearTimeout(timer)
    timer = undefined
  }
  const flush = () => {
    cancel()
    reported = latest
    if (latest) report(latest)
  }
  return {
    measured(size) {
      const shown = reported !== undefined && area(reported) > 0
      latest = { width: Math.round(size.width), height: Math.round(size.height) }
      cancel()
      // a pane shown (from hidden) or hidden is no resize in steps: its first size counts at once
      if (!shown || area(latest) === 0) flush()
      else timer = timers.setTimeout(flush, settleMs)
    },
    flush,
    destroy: cancel,
  }
}
