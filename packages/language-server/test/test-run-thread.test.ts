// A test file's cases run on a worker thread of their own (src/test-run-thread.ts): the server answers while one
// clock firing runs long, a stop ends that firing at once, and a worker that fails is a problem of that file only.
// The long firing drives the built `routewright lsp --stdio`; the failing workers an in-process server from source.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { pathToFileURL } from 'node:url'
import { expect, it } from 'vitest'
import { STOPPED_MID_FIRING } from '../src/test-run-thread.ts'
import { inProcessServers } from './in-process-server.ts'
import { type RunAnswer, testRunServers } from './test-run-server.ts'

const serverOn = testRunServers('rw-lsp-test-thread-')
const { folder, connect } = inProcessServers('rw-lsp-test-thread-')

/**
 * A wait of 1 s, then `nodes` assign nodes of 10 costly values each, all in the one clock firing that ends the wait
 * (the shape `packages/strategy-runtime/docs/performance-log.md` measured, pass lsp3: 1,000 values took 1.6 s at
 * load 10; 1,500 here).
 */
function longFiring(nodes: number, items = 20): string {
  const list = `[${Array.from({ length: items }, (_, i) => i).join(', ')}]`
  const value = `size(${list}.map(a, ${list}.map(b, ${list}.filter(c, c > a + b).size())))`
  const names = Array.from({ length: 10 }, (_, i) => `v${i}`)
  const lines = [
    'strategy: long',
    'format: 1',
    'variables:',
    ...names.map((v) => `  ${v}: { type: int, default: 0 }`),
    'start: pause',
    'nodes:',
    '  pause: { type: wait, for: 1s, next: a0 }',
  ]
  for (let i = 0; i < nodes; i++)
    lines.push(
      `  a${i}:`,
      '    type: assign',
      '    set:',
      ...names.map((v) => `      ${v}: "${value}"`),
      `    next: ${i + 1 < nodes ? `a${i + 1}` : 'done'}`,
    )
  lines.push('  done: { type: end, outcome: default-route }', '')
  return lines.join('\n')
}

const LONG_TESTS = `tests: long
format: 1
directory: contact-center.directory.yaml
scenarios:
  - name: hangs up first
    events: [{ at: 500ms, abandon: true }]
    expect: { outcome: abandoned }
  - name: one long firing
    expect: { outcome: default-route }
`

it('answers a hover and the stop while a case is in one long clock firing; the case is stopped there', async () => {
  const { client, uri, text } = await serverOn(
    { 'long.strategy.yaml': longFiring(150), 'long.test.yaml': LONG_TESTS },
    { testBudgetMs: 600_000 },
  )
  const file = uri('long.test.yaml')
  client.open(file, LONG_TESTS)
  const vip = uri('vip-routing.strategy.yaml')
  const vipText = text('vip-routing.strategy.yaml')
  client.open(vip, vipText)
  let started!: () => void
  const caseStarted = new Promise<void>((resolve) => {
    started = resolve
  })
  client.connection.onNotification('$/progress', (p: { token: string; value: { message?: string } }) => {
    if (p.token === 'long-run' && p.value.message?.includes('one long firing')) started()
  })
  const answered: string[] = []
  const running = (
    client.connection.sendRequest('workspace/executeCommand', {
      command: 'routewright.runTests',
      arguments: [{ uri: file }],
      workDoneToken: 'long-run',
    }) as Promise<RunAnswer>
  ).then((answer) => {
    answered.push('run')
    return answer
  })
  await caseStarted
  // the worker has run the first case's firings (a fresh one gets longer to reach its first), so a stop anywhere
  // in the second case's one firing ends it; on the server's thread the firing runs to its end before either
  // request is read, and the case then finishes
  const hover = (await client.requestAt('textDocument/hover', vip, {
    text: vipText,
    needle: 'vip_team',
  })) as {
    contents: { value: string }
  } | null
  answered.push('hover')
  expect(hover?.contents.value).toContain('vip_team')
  const stop = await client.connection.sendRequest('workspace/executeCommand', {
    command: 'routewright.stopTests',
    arguments: [{ uri: file }],
  })
  answered.push('stop')
  expect(stop).toEqual({ stopped: 1, message: 'Routewright: stopping the test run of long.test.yaml' })
  const answer = await running
  expect(answered).toEqual(['hover', 'stop', 'run'])
  expect(answer.stopped).toBe(true)
  expect(answer.files[0]!.cases).toEqual([
    { name: 'hangs up first', passed: true, ran: true, ms: expect.any(Number), message: '' },
    {
      name: 'one long firing',
      passed: false,
      ran: true,
      ms: expect.any(Number),
      message: STOPPED_MID_FIRING,
      stopped: true,
    },
  ])
}, 120_000)

const FIRST_CASE = 'gold tier attached goes to the VIP desk, longest idle agent first'
const SECOND_CASE = 'no tier attached, the CRM says gold'
/** The line of the second scenario in examples/vip-routing.test.yaml. */
const SECOND_LINE = 20

/** The examples' strategy, directory and test files, for an in-process server. */
function exampleFiles(): Record<string, string> {
  const examples = path.resolve(import.meta.dirname, '../../../examples')
  return Object.fromEntries(
    readdirSync(examples)
      .filter((name) => name.endsWith('.yaml'))
      .map((name) => [name, readFileSync(path.join(examples, name), 'utf8')]),
  )
}

/** The built worker behind a script of the test's: `before` runs first, `after` once the worker has loaded. */
function wrappedWorker(root: string, after: string): string {
  const real = pathToFileURL(path.resolve(import.meta.dirname, '../dist/test-run-worker.js')).href
  const script = path.join(root, 'wrapped-worker.mjs')
  writeFileSync(
    script,
    `import { appendFileSync } from 'node:fs'\nimport { parentPort, threadId } from 'node:worker_threads'\nawait import(${JSON.stringify(real)})\n${after}\n`,
  )
  return script
}

it('a case still running when the budget is spent is ended and reported timed out; the next run works', async () => {
  const root = folder(exampleFiles())
  // the second case asked for never returns (a host call that hangs: the worker answers it never), so only the
  // budget (the default, 10 s: the first case takes well under it on a cold worker at load 16) ends it
  const script = wrappedWorker(root, "parentPort.on('message', (m) => { if (m.index === 1) for (;;) {} })")
  const client = await connect({ root }, { testWorkerScript: script })
  const messages: string[] = []
  client.connection.onNotification('window/showMessage', (m: { message: string }) => {
    messages.push(m.message)
  })
  const file = pathToFileURL(path.join(root, 'vip-routing.test.yaml')).href
  const run = (args: { uri: string; case?: string }) =>
    client.connection.sendRequest('workspace/executeCommand', {
      command: 'routewright.runTests',
      arguments: [args],
    }) as Promise<RunAnswer>
  const answer = await run({ uri: file })
  const [first, second, ...rest] = answer.files[0]!.cases
  expect(first).toMatchObject({ name: FIRST_CASE, passed: true, ran: true })
  expect(second).toEqual({
    name: SECOND_CASE,
    passed: false,
    ran: true,
    ms: expect.any(Number),
    timedOut: true,
    message: `timed out: case "${SECOND_CASE}" (vip-routing.test.yaml:${SECOND_LINE}) was still running when the run's 10000 ms budget ran out, so it was ended; if it needs longer, raise the budget (initializationOptions.testBudgetMs, up to 600000 ms), else look for a loop that never waits`,
  })
  expect(rest.length).toBeGreaterThan(0)
  for (const c of rest)
    expect(c).toMatchObject({
      ran: false,
      message: 'not run: the run stopped after its 10000 ms budget; run this case alone',
    })
  expect(answer.summary).toEqual({ passed: 1, failed: 1, notRun: rest.length, couldNotRun: 0 })
  expect(messages.at(-1)).toBe(
    `Routewright tests of vip-routing.test.yaml: 1 passed, 1 failed (1 timed out at the 10000 ms budget; raise initializationOptions.testBudgetMs if it needs longer), ${rest.length} not run (the 10000 ms budget ran out)`,
  )
  // its worker was ended: the next run has one of its own
  const again = await run({ uri: file, case: FIRST_CASE })
  expect(again.files[0]!.cases).toMatchObject([{ name: FIRST_CASE, passed: true, ran: true }])
}, 120_000)

it('keeps one worker ready from the first open document; a run takes it and gives it back', async () => {
  const root = folder(exampleFiles())
  // the built worker, behind a script that logs each thread it runs on (loaded, and given a run)
  const log = path.join(root, 'workers.log')
  const script = wrappedWorker(
    root,
    `appendFileSync(${JSON.stringify(log)}, \`loaded \${threadId}\\n\`)
parentPort.on('message', (m) => { if ('documents' in m) appendFileSync(${JSON.stringify(log)}, \`run \${threadId}\\n\`) })`,
  )
  const lines = () => readFileSync(log, { encoding: 'utf8', flag: 'a+' }).split('\n').filter(Boolean)
  /** Waits for the log to have `count` lines (the test's timeout is the bound). */
  const logged = async (count: number) => {
    while (lines().length < count) await sleep(20)
    return lines()
  }
  const client = await connect({ root }, { testWorkerScript: script, testWorkerReady: true })
  const file = pathToFileURL(path.join(root, 'vip-routing.test.yaml')).href
  client.open(file, readFileSync(path.join(root, 'vip-routing.test.yaml'), 'utf8'))
  // before any run: one worker loaded
  const [ready] = await logged(1)
  expect(ready).toMatch(/^loaded \d+$/)
  const spare = ready!.split(' ')[1]
  const run = () =>
    client.connection.sendRequest('workspace/executeCommand', {
      command: 'routewright.runTests',
      arguments: [{ uri: file, case: FIRST_CASE }],
    }) as Promise<RunAnswer>
  const firstRun = await run()
  expect(firstRun.summary.passed, JSON.stringify(firstRun)).toBe(1)
  expect(lines()).toEqual([`loaded ${spare}`, `run ${spare}`])
  // another document opens: no second worker; the next run takes the same one, given back when the first ended
  const strategy = pathToFileURL(path.join(root, 'vip-routing.strategy.yaml')).href
  client.open(strategy, readFileSync(path.join(root, 'vip-routing.strategy.yaml'), 'utf8'))
  expect((await run()).summary.passed).toBe(1)
  expect(lines()).toEqual([`loaded ${spare}`, `run ${spare}`, `run ${spare}`])
  await client.connection.sendRequest('shutdown')
}, 120_000)

/** Worker scripts that fail: at load, and on the first case asked (the thread exits). */
const FAILING = {
  'throws at load': ["throw new Error('the worker broke')", 'its worker thread failed: the worker broke'],
  'exits on a case': [
    "import { parentPort } from 'node:worker_threads'\nparentPort.on('message', () => process.exit(3))",
    'its worker thread ended: it exited with code 3',
  ],
} as const

it.each(Object.entries(FAILING))(
  'a worker that %s is a problem of its test file; the server answers on',
  async (_, [source, why]) => {
    const root = folder(exampleFiles())
    const script = path.join(root, 'broken-worker.mjs')
    writeFileSync(script, source)
    const client = await connect({ root }, { testWorkerScript: script })
    const file = pathToFileURL(path.join(root, 'vip-routing.test.yaml')).href
    const run = () =>
      client.connection.sendRequest('workspace/executeCommand', {
        command: 'routewright.runTests',
        arguments: [{ uri: file }],
      }) as Promise<RunAnswer>
    const answer = await run()
    expect(answer.files[0]).toMatchObject({
      cases: [],
      problem: { why: `the run stopped at case "${FIRST_CASE}": ${why}`, diagnostics: [] },
    })
    expect(answer.summary).toEqual({ passed: 0, failed: 0, notRun: 0, couldNotRun: 1 })
    // the server lives on: it answers, and runs the file again (with the same broken worker, the same problem)
    expect((await run()).files[0]!.problem?.why).toContain(why)
  },
)
