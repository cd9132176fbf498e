// Waiting in a test for an effect that arrives asynchronously (a notification, an HTTP answer, a process taking over).
import { waitFor } from '../ports.ts'

/**
 * Polls `check` (real time, every 20 ms) until it returns a value other than undefined or false, and resolves with
 * that value. A check that throws (an `expect` not met yet) is polled again; an assertion written as the check's
 * value (`() => expect(x).toBe(1)`) ends the wait once it passes, since a Vitest matcher returns its assertion. At
 * the deadline the test fails with the check's last error, or a timeout when it last answered undefined or false.
 */
export async function eventually<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 3000,
): Promise<T> {
  let failure: unknown
  const attempt = async () => {
    try {
      const value = await check()
      failure = undefined
      return value
    } catch (error) {
      failure = error
      return undefined
    }
  }
  try {
    return await waitFor('the condition', attempt, timeoutMs, 20)
  } catch (timeout) {
    throw failure ?? timeout
  }
}
