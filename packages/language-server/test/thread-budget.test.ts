// The run's time budget on the server's thread (no test-run worker script, as a build without it runs): a case still
// running when the budget is spent stops at the runtime's next pause and is reported timed out, the cases before it
// kept and those after it not run. The budget's clock is injected: each look at it moves it 100 ms.
import { cpSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { expect, it } from 'vitest'
import { inProcessServers } from './in-process-server.ts'
import { type RunAnswer, SLOW } from './test-run-server.ts'

const { folder, connect } = inProcessServers('rw-lsp-thread-budget-')
const examples = path.resolve(import.meta.dirname, '../../../examples')

const TESTS = `tests: slow
format: 1
directory: contact-center.directory.yaml
scenarios:
  - name: hangs up first
    events: [{ at: 500ms, abandon: true }]
    expect: { outcome: abandoned }
  - name: waits all day
    expect: { outcome: routed }
  - name: after it
    expect: { outcome: routed }
`

it("ends a case still running on the server's thread when the run's budget is spent, naming it and the setting", async () => {
  const root = folder({ 'slow.strategy.yaml': SLOW, 'slow.test.yaml': TESTS })
  cpSync(
    path.join(examples, 'contact-center.directory.yaml'),
    path.join(root, 'contact-center.directory.yaml'),
  )
  let clock = 0
  const lsp = await connect(
    { root, initializationOptions: { testBudgetMs: 1000 } },
    { testWorkerScript: false, testClock: () => (clock += 100) },
  )
  const messages: string[] = []
  lsp.connection.onNotification('window/showMessage', (m: { message: string }) => {
    messages.push(m.message)
  })
  const uri = pathToFileURL(path.join(root, 'slow.test.yaml')).href
  lsp.open(uri, TESTS)
  await lsp.waitFor(uri, () => true)
  const answer = (await lsp.connection.sendRequest('workspace/executeCommand', {
    command: 'routewright.runTests',
    arguments: [{ uri }],
  })) as RunAnswer
  const timedOut =
    "timed out: case \"waits all day\" (slow.test.yaml:8) was still running when the run's 1000 ms budget ran out, so it was stopped at its next clock firing (it ran on the server's thread, no test-run worker being found: there the budget is looked at every 500 firings, and one firing is bounded only by the strategy's step limit and each expression's evaluation budget); if it needs longer, raise the budget (initializationOptions.testBudgetMs, up to 600000 ms), else look for a loop that never waits"
  const cases = answer.files[0]!.cases
  expect(cases.map(({ ms: _, ...c }) => c)).toEqual([
    { name: 'hangs up first', passed: true, ran: true, message: '' },
    {
      name: 'waits all day',
      passed: false,
      ran: true,
      timedOut: true,
      // where it got, as a stopped case says it
      message: `${timedOut}\noutcome "waiting"; path hold`,
    },
    {
      name: 'after it',
      passed: false,
      ran: false,
      message: 'not run: the run stopped after its 1000 ms budget; run this case alone',
    },
  ])
  expect(answer.summary).toEqual({ passed: 1, failed: 1, notRun: 1, couldNotRun: 0 })
  expect(messages.at(-1)).toBe(
    'Routewright tests of slow.test.yaml: 1 passed, 1 failed (1 timed out at the 1000 ms budget; raise initializationOptions.testBudgetMs if it needs longer), 1 not run (the 1000 ms budget ran out)',
  )
  // the Problems view says the same on the case's name
  const diagnostics = await lsp.waitFor(uri, (d) => d.some((x) => x.code === 'RW099'))
  expect(diagnostics.find((d) => d.message.includes('waits all day'))?.message).toBe(
    `Test "waits all day" failed: ${cases[1]!.message}`,
  )
}, 60_000)
