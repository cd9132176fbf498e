// Strategy tests run from the editor, beyond running them: a failed case's detail as `routewright test` prints it
// (expected vs actual line by line, in its diagnostic and its hover), stopping a run (the editor's cancel of the
// request or of its progress, and the stop command), and the last results kept while the file is closed. The built
// `routewright lsp --stdio` over stdio on a copy of `examples/`.
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { expect, it } from 'vitest'
import { CancellationTokenSource } from 'vscode-jsonrpc/node'
import { binary, type RunAnswer, SLOW, testRunServers } from './test-run-server.ts'

const serverOn = testRunServers('rw-lsp-test-control-')

const VIP_TEST = 'vip-routing.test.yaml'
const GOLD = 'gold tier attached goes to the VIP desk, longest idle agent first'

it('a failed expectation of a list shows the lines `routewright test` prints, in its diagnostic and its hover', async () => {
  const { root, client, uri, text, run } = await serverOn({}, { testBudgetMs: 600_000 })
  const file = uri(VIP_TEST)
  const edited = text(VIP_TEST).replace(
    'path: [has_tier, use_attached, by_tier, pop_gold, vip_desk]',
    'path: [has_tier, use_attached, by_tier, pop_silver, vip_desk]',
  )
  client.open(file, edited)
  const [result] = (await run({ uri: file, case: GOLD })).files[0]!.cases
  const lines = [
    'path: expected has_tier → use_attached → by_tier → pop_silver → vip_desk, got has_tier → use_attached → by_tier → pop_gold → vip_desk (differs at step 4)',
    '  - expected + actual',
    '    has_tier',
    '    use_attached',
    '    by_tier',
    '  - pop_silver',
    '  + pop_gold',
    '    vip_desk',
    'outcome "routed", agent erin, target group:vip_team; path has_tier → use_attached → by_tier → pop_gold → vip_desk',
  ]
  expect(result!.message).toBe(lines.join('\n'))
  const [diagnostic] = await client.waitFor(file, (d) => d.some((x) => x.code === 'RW099'))
  expect(diagnostic!.message).toBe(`Test "${GOLD}" failed: ${lines.join('\n')}`)
  // the hover on the case's name: the same lines as a block, so the columns line up
  const hover = (await client.requestAt('textDocument/hover', file, {
    text: edited,
    needle: GOLD,
    shift: 3,
  })) as {
    contents: { value: string }
  }
  expect(hover.contents.value).toBe(
    `**routewright test**: failed (${result!.ms} ms)\n\n\`\`\`text\n${lines.join('\n')}\n\`\`\``,
  )
  // one copy of the words: `routewright test` prints the same lines for the file as saved with that edit
  writeFileSync(path.join(root, VIP_TEST), edited)
  const cli = spawnSync(
    process.execPath,
    [binary, 'test', VIP_TEST, '--no-color', '--filter', 'gold tier attached'],
    {
      cwd: root,
      encoding: 'utf8',
    },
  )
  expect(cli.stdout).toContain(lines.map((line) => `      ${line}`).join('\n'))
}, 60_000)

const slowTests = (count: number) =>
  `tests: slow\nformat: 1\ndirectory: contact-center.directory.yaml\nscenarios:\n${Array.from(
    { length: count },
    (_, i) => `  - name: slow ${i}\n    expect: { outcome: routed }\n`,
  ).join('')}`

/** What a stopped run answers: the cases before the stop ran to their end, one stopped, the rest not run. */
function expectStopped(answer: RunAnswer, count: number): number {
  expect(answer.stopped).toBe(true)
  const cases = answer.files[0]!.cases
  expect(cases).toHaveLength(count)
  const at = cases.findIndex((c) => c.stopped)
  expect(at).toBeGreaterThanOrEqual(0)
  for (const c of cases.slice(0, at)) expect(c).toMatchObject({ passed: false, ran: true })
  expect(cases[at]!.message).toMatch(
    /^stopped before it finished: the run was stopped\noutcome "waiting", agent .*|^stopped before it finished: the run was stopped\noutcome "waiting"; path hold$/,
  )
  for (const c of cases.slice(at + 1))
    expect(c).toEqual({
      name: c.name,
      passed: false,
      ran: false,
      ms: 0,
      message: 'not run: the run was stopped',
    })
  expect(answer.summary).toEqual({ passed: 0, failed: at, notRun: count - at, couldNotRun: 0 })
  return at
}

it('stops a running case and the rest: cancel of the progress, cancel of the request, and the stop command', async () => {
  const count = 400
  const tests = slowTests(count)
  // a run of every case would take minutes: the budget does not stop it, a stop must
  const { client, messages, uri, run, lenses } = await serverOn(
    { 'slow.strategy.yaml': SLOW, 'slow.test.yaml': tests },
    { testBudgetMs: 600_000 },
    { window: { workDoneProgress: true } },
  )
  const created: Array<string | number> = []
  client.connection.onRequest('window/workDoneProgress/create', (params: { token: string | number }) => {
    created.push(params.token)
    return null
  })
  const reports: Array<{
    token: string | number
    value: { kind: string; message?: string; cancellable?: boolean }
  }> = []
  const waiters: Array<() => void> = []
  client.connection.onNotification('$/progress', (params: (typeof reports)[number]) => {
    reports.push(params)
    for (const wake of waiters.splice(0)) wake()
  })
  /** Resolves once the progress of the run says it has started its first case. */
  const caseStarted = async (from: number) => {
    for (;;) {
      if (reports.slice(from).some((r) => r.value.kind === 'report' && r.value.message?.includes('slow 0')))
        return
      await new Promise<void>((resolve) => waiters.push(resolve))
    }
  }
  const file = uri('slow.test.yaml')
  client.open(file, tests)

  // 1. the cancel button of the progress the server started (VS Code's notification)
  let from = reports.length
  const first = run({ uri: file })
  await caseStarted(from)
  const token = created.at(-1)!
  expect(reports.find((r) => r.token === token && r.value.kind === 'begin')!.value).toMatchObject({
    title: 'Routewright tests',
    cancellable: true,
  })
  void client.connection.sendNotification('window/workDoneProgress/cancel', { token })
  const stoppedAt = expectStopped(await first, count)
  expect(reports.at(-1)).toEqual({ token, value: { kind: 'end' } })
  expect(messages.at(-1)).toEqual({
    type: 1,
    message: `Routewright tests of slow.test.yaml stopped: 0 passed, ${stoppedAt} failed, ${count - stoppedAt} not run (stopped)`,
  })
  const titles = (await lenses(file)).map((l) => l.command.title)
  expect(titles[stoppedAt + 1]).toMatch(/^stopped after \d+ ms$/)
  expect(titles.at(-1)).toBe('not run: the run was stopped')

  // 2. $/cancelRequest of the command's request (a client that cancels what it asked)
  from = reports.length
  const source = new CancellationTokenSource()
  const second = run({ uri: file }, source.token)
  await caseStarted(from)
  source.cancel()
  expectStopped(await second, count)

  // 3. the stop command, from a client with no cancel of its own; a second stop finds nothing to stop
  from = reports.length
  const third = run({ uri: file })
  await caseStarted(from)
  const stop = (args: unknown[]) =>
    client.connection.sendRequest('workspace/executeCommand', {
      command: 'routewright.stopTests',
      arguments: args,
    })
  expect(await stop([{ uri: file }])).toEqual({
    stopped: 1,
    message: 'Routewright: stopping the test run of slow.test.yaml',
  })
  expectStopped(await third, count)
  expect(await stop([])).toEqual({ stopped: 0, message: 'Routewright: no test run is under way' })
  // the file runs again once stopped
  expect((await run({ uri: file, case: 'slow 1' })).files[0]!.cases[0]).toMatchObject({
    name: 'slow 1',
    ran: true,
  })
}, 120_000)

it('keeps the last results of a closed test file: reopened, its lenses and failures come back, stale once edited', async () => {
  const { client, uri, text, run, lenses } = await serverOn({}, { testBudgetMs: 600_000 })
  const file = uri(VIP_TEST)
  const saved = text(VIP_TEST)
  const edited = saved.replace('agent: erin', 'agent: ann')
  client.open(file, edited)
  const failing = (await run({ uri: file, case: GOLD })).files[0]!.cases[0]!
  const why = failing.message
  await client.waitFor(file, (d) => d.some((x) => x.code === 'RW099'))

  // closed unsaved: the file on disk is not what ran, so the failure left in the Problems view says it is stale
  void client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: file } })
  const [closed] = await client.waitFor(file, (d) => d.some((x) => x.message.includes('stale')))
  expect(closed!.message).toBe(
    `Test "${GOLD}" failed (stale: the test file or its strategy changed since this run): ${why}`,
  )

  // reopened with the text that ran: the results as they were
  client.open(file, edited, 5)
  const [again] = await client.waitFor(file, (d) =>
    d.some((x) => x.code === 'RW099' && !x.message.includes('stale')),
  )
  expect(again!.message).toBe(`Test "${GOLD}" failed: ${why}`)
  expect((await lenses(file)).map((l) => l.command.title).slice(0, 2)).toEqual([
    'Run all 10 tests · 0 passed, 1 failed',
    'failed: agent: expected "ann", got "erin"',
  ])

  // edited since the run: still shown, marked stale
  client.change(file, 6, saved)
  expect((await lenses(file)).map((l) => l.command.title).slice(0, 2)).toEqual([
    'Run all 10 tests · 0 passed, 1 failed (stale)',
    '(stale) failed: agent: expected "ann", got "erin"',
  ])
  // a full run replaces them
  expect((await run({ uri: file })).summary).toEqual({ passed: 10, failed: 0, notRun: 0, couldNotRun: 0 })
  expect((await lenses(file))[0]!.command.title).toBe('Run all 10 tests · 10 passed, 0 failed')
}, 60_000)
