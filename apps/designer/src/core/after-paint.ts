// Runs a task once the browser has painted the next frame (an animation frame runs before the paint, a task queued
// from it after), or after FALLBACK_MS when no frame comes (a background tab): work that must not delay a first view.
const FALLBACK_MS = 250

/** Schedules `task`; the returned function cancels it. */
export function afterNextPaint(task: () => void): () => void {
  let done = false
  let timer: ReturnType<typeof setTimeout> | undefined
  const run = () => {
    if (done) return
    done = true
    cancel()
    task()
  }
  const frame = requestAnimationFrame(() => {
    timer = setTimeout(run, 0)
  })
  const fallback = setTimeout(run, FALLBACK_MS)
  function cancel() {
    done = true
    cancelAnimationFrame(frame)
    clearTimeout(fallback)
    if (timer !== undefined) clearTimeout(timer)
  }
  return cancel
}
