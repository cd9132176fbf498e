// pure: what the wrap-up card shows (seconds left, whether Done may be pressed) and why a wrap-up closed.
import type { WrapUpView } from './types.ts'

/** Whole seconds left of a wrap-up at `now`: never negative, never over its length (two machines' clocks). */
export function wrapUpSecondsLeft(wrap: Pick<WrapUpView, 'startedAt' | 'endsAt'>, now: number): number {
  const total = wrap.endsAt - wrap.startedAt
  return Math.ceil(Math.min(total, Math.max(0, wrap.endsAt - now)) / 1000)
}

/** Done needs a disposition when some are configured; with none configured, Done alone ends the wrap-up. */
export function canFinish(wrap: Pick<WrapUpView, 'dispositions'>, chosen: string | undefined): boolean {
  return wrap.dispositions.length === 0 || chosen !== undefined
}

/** What the agent reads when a wrap-up closed without their Done; their own Done needs no word. */
export function wrapUpEndNotice(wrap: WrapUpView): string | undefined {
  if (wrap.outcome === 'timed-out') return 'Wrap-up time ran out: the call was completed with no disposition.'
  return undefined
}
