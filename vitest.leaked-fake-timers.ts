// Fails a test file at once when a file before it in the same worker (isolate: false) left a fake timer installed,
// instead of letting the file hang on a setTimeout that never fires until its hook timeout.
import { vi } from 'vitest'

// what @sinonjs/fake-timers (vi.useFakeTimers) replaces; each fake carries the fake clock as `.clock`
const FAKED = [
  'setTimeout',
  'clearTimeout',
  'setInterval',
  'clearInterval',
  'setImmediate',
  'clearImmediate',
  'Date',
]

const globals = globalThis as unknown as Record<string, unknown>
const stale = vi.isFakeTimers()
  ? []
  : FAKED.filter((name) => {
      const value = globals[name]
      return typeof value === 'function' && 'clock' in value
    })

if (stale.length > 0) {
  throw new Error(
    `globalThis.${stale.join(', ')} ${stale.length > 1 ? 'are' : 'is'} still the fake of a vi.useFakeTimers() that has ended: a test file run before this one in the same worker put it back (typically a vi.spyOn(globalThis, 'setTimeout') made while fake timers were on, which Vitest's restoreAllMocks after that file restores to the fake). Do not spy on a faked global; fake timers alone record and fire delays.`,
  )
}
