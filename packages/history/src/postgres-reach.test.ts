// Which failures read as "no answer" (an outage to wait out) and which as the server's own answer.
import { expect, it } from 'vitest'
import { connectionProblem } from './postgres-reach.ts'

const URL = 'postgres://rw@127.0.0.1:5432/history?connect_timeout=5'

it.each([['timeout expired'], ['Connection terminated due to connection timeout'], ['Query read timeout']])(
  "takes pg's own time limit (%s) for a server that said nothing",
  (message) => {
    const problem = connectionProblem(new Error(message), URL, 5000)
    expect(problem.cause).toBe(
      'no answer from 127.0.0.1:5432 within 5 s (it accepts connections but says nothing, or a firewall drops them)',
    )
    expect(problem.outage).toBe(true)
  },
)

it('says a message that only quotes a URL with connect_timeout in it as it is, not as a silent server', () => {
  const said = `Could not open the history in ${URL}: relation "history_migration_lock" does not exist`
  const problem = connectionProblem(new Error(said), URL, 5000)
  expect(problem.cause).toBe(said)
  expect(problem.cause).not.toMatch(/no answer/)
})
