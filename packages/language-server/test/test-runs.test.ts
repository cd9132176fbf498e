// Strategy tests run from the editor: the built `routewright lsp --stdio` over stdio lists code lenses on test files
// and strategies, runs cases with `routewright.runTests` on the unsaved buffer, and reports failures as diagnostics.
import { expect, it } from 'vitest'
import { positionOf } from './lsp-client.ts'
import { SPIN, spinTests, testRunServers } from './test-run-server.ts'

const serverOn = testRunServers('rw-lsp-tests-')

const VIP_TEST = 'vip-routing.test.yaml'
const GOLD = 'gold tier attached goes to the VIP desk, longest idle agent first'

it('lists a lens above `tests:`, one above each case, and one above the strategy its tests name', async () => {
  const { client, uri, text, lenses } = await serverOn()
  expect(client.initialized).toMatchObject({
    capabilities: {
      codeLensProvider: {},
      executeCommandProvider: { commands: ['routewright.runTests', 'routewright.stopTests'] },
    },
  })
  const test = text(VIP_TEST)
  client.open(uri(VIP_TEST), test)
  const names = [...test.matchAll(/^ {2}- name: (.*)$/gm)].map((m) => m[1]!)
  expect(names).toHaveLength(10)
  const at = (needle: string, nth = 0) => {
    const line = positionOf(test, needle, 0, nth).line
    return { start: { line, character: 0 }, end: { line, character: 0 } }
  }
  expect(await lenses(uri(VIP_TEST))).toEqual([
    {
      range: at('tests:'),
      command: {
        title: 'Run all 10 tests',
        command: 'routewright.runTests',
        arguments: [{ uri: uri(VIP_TEST) }],
      },
    },
    ...names.map((name, i) => ({
      range: at('  - name:', i),
      command: {
        title: 'Run test',
        command: 'routewright.runTests',
        arguments: [{ uri: uri(VIP_TEST), case: name }],
      },
    })),
  ])
  const strategy = text('vip-routing.strategy.yaml')
  client.open(uri('vip-routing.strategy.yaml'), strategy)
  const line = positionOf(strategy, 'strategy: vip-routing').line
  expect(await lenses(uri('vip-routing.strategy.yaml'))).toEqual([
    {
      range: { start: { line, character: 0 }, end: { line, character: 0 } },
      command: {
        title: 'Run 10 tests of this strategy',
        command: 'routewright.runTests',
        arguments: [{ uri: uri('vip-routing.strategy.yaml') }],
      },
    },
  ])
}, 60_000)

it('runs a case on the unsaved buffer: an edited expectation fails on its line, restored it passes', async () => {
  // VS Code's language client can be asked to ask for code lenses again (their titles show the last result)
  const { client, messages, uri, text, run, lenses } = await serverOn({}, undefined, {
    workspace: { codeLens: { refreshSupport: true } },
  })
  let refreshes = 0
  client.connection.onRequest('workspace/codeLens/refresh', () => {
    refreshes++
    return null
  })
  const file = uri(VIP_TEST)
  const saved = text(VIP_TEST)
  client.open(file, saved)
  const passing = await run({ uri: file, case: GOLD })
  expect(passing.files[0]!.cases).toEqual([
    { name: GOLD, passed: true, ran: true, ms: expect.any(Number), message: '' },
  ])
  expect((await lenses(file))[1]!.command.title).toMatch(/^passed \(\d+ ms\)$/)
  expect(refreshes).toBe(1)
  expect((await run({ uri: file, case: 'no such case' })).refused).toBe(
    `Routewright: ${VIP_TEST} has no scenario named "no such case"`,
  )

  // erin is the longest idle; the buffer now expects ann, and the file on disk is unchanged
  const edited = saved.replace('agent: erin', 'agent: ann')
  client.change(file, 2, edited)
  const failing = await run({ uri: file, case: GOLD })
  const [result] = failing.files[0]!.cases
  expect(result).toMatchObject({ name: GOLD, passed: false, ran: true })
  expect(result!.message).toBe(
    'agent: expected "ann", got "erin"\noutcome "routed", agent erin, target group:vip_team; path has_tier → use_attached → by_tier → pop_gold → vip_desk',
  )
  expect(failing.summary).toEqual({ passed: 0, failed: 1, notRun: 0, couldNotRun: 0 })
  expect(messages.at(-1)).toEqual({
    type: 1,
    message: `Routewright tests of ${VIP_TEST}: 0 passed, 1 failed`,
  })
  const [diagnostic] = await client.waitFor(file, (d) => d.some((x) => x.code === 'RW099'))
  expect(diagnostic).toEqual({
    range: {
      start: positionOf(edited, GOLD),
      end: positionOf(edited, GOLD, GOLD.length),
    },
    severity: 1,
    code: 'RW099',
    source: 'routewright test',
    message: `Test "${GOLD}" failed: ${result!.message}`,
  })
  expect((await lenses(file))[1]!.command.title).toBe('failed: agent: expected "ann", got "erin"')

  client.change(file, 3, saved)
  const again = await run({ uri: file })
  expect(again.summary).toEqual({ passed: 10, failed: 0, notRun: 0, couldNotRun: 0 })
  expect(messages.at(-1)).toEqual({
    type: 3,
    message: `Routewright tests of ${VIP_TEST}: 10 passed, 0 failed`,
  })
  expect(await client.waitFor(file, (d) => !d.some((x) => x.code === 'RW099'))).toEqual([])
  expect((await lenses(file))[0]!.command.title).toBe('Run all 10 tests · 10 passed, 0 failed')
}, 60_000)

it('runs every test file of a strategy from its lens; a broken strategy reports its findings instead', async () => {
  const { client, messages, uri, text, run } = await serverOn()
  const strategy = uri('vip-routing.strategy.yaml')
  const saved = text('vip-routing.strategy.yaml')
  client.open(strategy, saved)
  expect((await run({ uri: strategy })).summary).toEqual({ passed: 10, failed: 0, notRun: 0, couldNotRun: 0 })

  client.change(strategy, 2, saved.replace('start: has_tier', 'start: has_teir'))
  const broken = await run({ uri: strategy })
  expect(broken.summary).toEqual({ passed: 0, failed: 0, notRun: 0, couldNotRun: 1 })
  expect(broken.files[0]!.problem).toMatchObject({
    why: 'strategy "vip-routing" (vip-routing.strategy.yaml) has errors; fix them first',
    diagnostics: [{ code: 'RW101', file: 'vip-routing.strategy.yaml', line: 24 }],
  })
  expect(messages.at(-1)!.message).toBe(
    'Routewright tests of vip-routing.strategy.yaml did not run: strategy "vip-routing" (vip-routing.strategy.yaml) has errors; fix them first (RW101 at vip-routing.strategy.yaml:24: start names "has_teir", which is not a node. Did you mean "has_tier"? Set start to the node interactions enter first.)',
  )
  // the test file is not open: its one finding still reaches the Problems view
  const [finding] = await client.waitFor(uri(VIP_TEST), (d) => d.length > 0)
  expect(finding).toMatchObject({ code: 'RW099', source: 'routewright test', range: { start: { line: 3 } } })
  expect(finding!.message).toMatch(
    /^Tests not run: strategy "vip-routing" .* has errors; fix them first: RW\d{3} /,
  )
}, 60_000)

it('a looping test stops at the step limit, a run stops at its time budget, and the server answers meanwhile', async () => {
  const tests = spinTests(900)
  // 1 s: the first case runs through (the budget ends a case still running then, timed from when the worker
  // starts it), and 900 cases outlast it on a quiet machine too (2-3 ms of CPU a case alone, 8 ms at load 20);
  // over 1,000 the file does not parse (RW027) and the run is refused at once, before the hover is answered
  const { client, uri, run } = await serverOn(
    { 'spin.strategy.yaml': SPIN, 'spin.test.yaml': tests },
    { testBudgetMs: 1000 },
  )
  const file = uri('spin.test.yaml')
  client.open(file, tests)
  let answered: string[] = []
  const first = run({ uri: file }).then((answer) => {
    answered.push('run')
    return answer
  })
  // sent while the first runs: a second run of the file is refused, a hover is answered before the run ends
  const second = run({ uri: file })
  const hover = client
    .requestAt('textDocument/hover', file, { text: tests, needle: 'spin', shift: 0, nth: 0 })
    .then(() => answered.push('hover'))
  const [answer, refused] = await Promise.all([first, second, hover])
  expect(answered).toEqual(['hover', 'run'])
  answered = []
  expect(refused).toEqual({
    refused:
      'Routewright: the tests of spin.test.yaml are already running; run them again when that run ends',
    files: [],
    summary: { passed: 0, failed: 0, notRun: 0, couldNotRun: 0 },
  })
  const cases = answer.files[0]!.cases
  expect(cases).toHaveLength(900)
  expect(cases[0]!.message).toContain(
    'outcome: expected "routed", got "error" (Interaction exceeded the limit of 1000 steps at node "again": the strategy loops without end',
  )
  expect(answer.summary.failed).toBeGreaterThan(0)
  expect(answer.summary.notRun).toBeGreaterThan(0)
  expect(cases.at(-1)).toEqual({
    name: 'spin 899',
    passed: false,
    ran: false,
    ms: 0,
    message: 'not run: the run stopped after its 1000 ms budget; run this case alone',
  })
  // the run is over: the file runs again
  expect((await run({ uri: file, case: 'spin 3' })).files[0]!.cases).toHaveLength(1)
}, 60_000)
