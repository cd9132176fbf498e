// How long a store notice (a toast) still shows: from when it was first shown, whichever toast mounts. The canvas's
// toast remounts with the canvas (YAML -> Canvas): a notice it showed minutes ago must not come back.

const shownUntil = new WeakMap<object, number>()

/**
 * Milliseconds `notice` still shows at `now`: `showMs` the first time it is asked about, then what is left of that
 * (0 once over), so a remount (or StrictMode's second effect) shows it once, for its time, never again.
 * @example remainingShow(notice, 1000, 4000) // 4000; then remainingShow(notice, 3000, 4000) // 2000
 */
export function remainingShow(notice: object, now: number, showMs: number): number {
  let until = shownUntil.get(notice)
  if (until === undefined) {
    until = now + showMs
    shownUntil.set(notice, until)
  }
  return Math.max(0, until - now)
}
