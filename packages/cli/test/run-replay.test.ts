// `routewright run <strategy> --replay <record>`: a real serve of the examples routes interactions, their GET views
// are saved, and run replays them through the same strategy (the decisions agree) or an edited copy (they differ).
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { startRedisServer } from '@routewright/node-support/testing'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  examplesDir,
  SERVE_READY,
  type StartedServer,
  serveExamplesOnAnyPort,
  startRoutewright,
  workspace,
} from './helpers.ts'
import { routewrightInProcess } from './in-process.ts'

const json = { 'content-type': 'application/json' }

/** What `gold` and `waiting` are submitted with: every field a strategy reads. */
const SUBMITTED = {
  ani: '+15551230001',
  dnis: '8005550199',
  priority: 5,
  data: { customer_tier: 'gold', account: 'A1' },
}

/** Ann ready for 2 minutes on the serve at `url`. */
async function annReady(url: string): Promise<void> {
  const put = await fetch(`${url}/v1/agents/ann/state`, {
    method: 'PUT',
    headers: json,
    body: JSON.stringify({ state: 'ready', at: Date.now() - 120_000 }),
  })
  expect(put.status).toBe(200)
}

/** `id` submitted to vip-routing with SUBMITTED on the serve at `url`. */
async function submitVip(url: string, id: string): Promise<void> {
  const submit = await fetch(`${url}/v1/interactions`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ id, strategy: 'vip-routing', ...SUBMITTED }),
  })
  expect(submit.status).toBe(201)
}

/**
 * Records of serve: `gold` routed to ann (ready 2 minutes) at vip_desk, `waiting` queued (nobody else ready), `sales`
 * routed by its number to the overflow partner; `sales-older` is `sales` as an older serve recorded it (no
 * `submitted`). Each file name with its content.
 */
async function recordedViews(): Promise<Record<string, string>> {
  // its own folder, removed here: made before any test, no test's clean-up would remove it or stop the serve
  const folder = mkdtempSync(path.join(tmpdir(), 'routewright-cli-'))
  let serve: StartedServer | undefined
  try {
    serve = await startRoutewright(serveExamplesOnAnyPort(['--no-watch']), {
      cwd: folder,
      ready: SERVE_READY,
    })
    await annReady(serve.url)
    for (const id of ['gold', 'waiting']) {
      await submitVip(serve.url, id)
      const view = await fetch(`${serve.url}/v1/interactions/${id}`)
      writeFileSync(path.join(folder, `${id}.json`), await view.text())
    }
    // the number routes sales calls to the site-overflow subroutine, which reads the sales queue's expected wait
    const sales = { id: 'sales', strategy: 'main-inbound', dnis: '8005550100' }
    await fetch(`${serve.url}/v1/interactions`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify(sales),
    })
    const record = await (await fetch(`${serve.url}/v1/interactions/sales`)).text()
    writeFileSync(path.join(folder, 'sales.json'), record)
    const { submitted: _submitted, ...older } = JSON.parse(record)
    writeFileSync(path.join(folder, 'sales-older.json'), JSON.stringify(older))
    serve.child.kill('SIGTERM')
    expect(await serve.exited).toBe(0)
    const saved = readdirSync(folder).filter((name) => name.endsWith('.json'))
    return Object.fromEntries(saved.map((name) => [name, readFileSync(path.join(folder, name), 'utf8')]))
  } finally {
    if (serve && serve.child.exitCode === null && serve.child.signalCode === null) serve.child.kill('SIGKILL')
    rmSync(folder, { recursive: true, force: true })
  }
}

// one serve records the views every test replays (each test gets its own copy of them): the tests are about run
let recorded: Record<string, string>
beforeAll(async () => {
  recorded = await recordedViews()
}, 60_000)

describe('routewright run --replay', () => {
  it('replays a routed interaction: the same strategy agrees, an edited copy reports where it would go', async () => {
    const folder = workspace(recorded)
    const gold = path.join(folder, 'gold.json')
    expect(JSON.parse(readFileSync(gold, 'utf8'))).toMatchObject({ state: 'reserved', agent: 'ann' })

    const same = await routewrightInProcess(
      ['run', path.join(examplesDir, 'vip-routing.strategy.yaml'), '--replay', gold],
      folder,
    )
    expect([same.code, same.stderr]).toEqual([0, ''])
    const lines = same.stdout.split('\n')
    expect(lines[0]).toMatch(/^vip-routing: replay of interaction gold \(version \w+, at \d{4}-.+Z\)$/)
    expect(lines.slice(1, 4)).toEqual([
      'recorded    routed → agent ann via group:vip_team at node vip_desk',
      'replayed    routed → agent ann via group:vip_team at node vip_desk',
      'agree       yes',
    ])
    // serve kept what it was submitted with: none of it is guessed
    expect(JSON.parse(readFileSync(gold, 'utf8')).submitted).toEqual(SUBMITTED)
    expect(same.stdout).not.toMatch(/^ {2}interaction\./m)

    // a newer version sends VIP callers to the English support group instead
    const edited = workspace({
      'vip-routing.strategy.yaml': readFileSync(
        path.join(examplesDir, 'vip-routing.strategy.yaml'),
        'utf8',
      ).replace('targets: [{ group: vip_team }]', 'targets: [{ group: support_en }]'),
      'identify-caller.strategy.yaml': readFileSync(path.join(examplesDir, 'identify-caller.strategy.yaml')),
      'contact-center.directory.yaml': readFileSync(path.join(examplesDir, 'contact-center.directory.yaml')),
    })
    const newer = await routewrightInProcess(
      ['run', 'vip-routing.strategy.yaml', '--replay', gold, '--format', 'json'],
      edited,
    )
    expect([newer.code, newer.stderr]).toEqual([0, ''])
    const answer = JSON.parse(newer.stdout)
    expect(answer).toMatchObject({
      interaction: 'gold',
      strategy: 'vip-routing',
      recorded: { outcome: 'routed', agent: 'ann', target: 'group:vip_team', node: 'vip_desk' },
      replayed: { outcome: 'routed', agent: 'ann', target: 'group:support_en', node: 'vip_desk' },
      agree: false,
      inputs: { interaction: { media: 'voice', ...SUBMITTED } },
    })
    expect(answer.inputs.agents.ann).toMatchObject({ state: 'ready' })
    expect(answer.notRecorded).not.toContainEqual(
      expect.objectContaining({ input: expect.stringMatching(/^interaction\./) }),
    )
  })

  it('replays a record of serve on Redis, read from the routing process that took the interaction over', async () => {
    const folder = workspace()
    const redis = await startRedisServer()
    try {
      const onRedis = serveExamplesOnAnyPort(['--no-watch', '--redis', redis.url])
      const first = await startRoutewright(onRedis, { cwd: folder, ready: SERVE_READY })
      await annReady(first.url)
      await submitVip(first.url, 'gold')
      // its submitted fields are in Redis once, beside its entry: the next routing process shows them
      first.child.kill('SIGTERM')
      expect(await first.exited).toBe(0)
      const next = await startRoutewright(onRedis, { cwd: folder, ready: SERVE_READY })
      const record = await (await fetch(`${next.url}/v1/interactions/gold`)).text()
      next.child.kill('SIGTERM')
      expect(await next.exited).toBe(0)
      expect(JSON.parse(record)).toMatchObject({ state: 'reserved', agent: 'ann', submitted: SUBMITTED })
      writeFileSync(path.join(folder, 'gold.json'), record)
    } finally {
      await redis.stop()
    }
    const replay = await routewrightInProcess(
      [
        'run',
        path.join(examplesDir, 'vip-routing.strategy.yaml'),
        '--replay',
        'gold.json',
        '--format',
        'json',
      ],
      folder,
    )
    expect([replay.code, replay.stderr]).toEqual([0, ''])
    const answer = JSON.parse(replay.stdout)
    expect(answer).toMatchObject({ agree: true, inputs: { interaction: { media: 'voice', ...SUBMITTED } } })
    expect(answer.notRecorded).not.toContainEqual(
      expect.objectContaining({ input: expect.stringMatching(/^interaction\./) }),
    )
  })

  it('refuses, as a usage error, a record never routed, a file that is no record and another strategy', async () => {
    const folder = workspace({ ...recorded, 'notes.json': '{"hello":"world"}' })
    const vip = path.join(examplesDir, 'vip-routing.strategy.yaml')
    const waiting = await routewrightInProcess(['run', vip, '--replay', 'waiting.json'], folder)
    expect([waiting.code, waiting.stdout]).toEqual([2, ''])
    expect(waiting.stderr).toContain(
      'waiting.json: interaction "waiting" has not been routed (state queued): there is no decision to replay',
    )
    const notes = await routewrightInProcess(['run', vip, '--replay', 'notes.json'], folder)
    expect(notes.code).toBe(2)
    expect(notes.stderr).toContain('notes.json is not an interaction record of serve: it has no "id" text')
    // a saved 404 of serve is recognised as its error answer
    writeFileSync(
      path.join(folder, 'c9.json'),
      '{"error":"Unknown interaction \\"c9\\"","code":"unknown-interaction"}',
    )
    const missing = await routewrightInProcess(['run', vip, '--replay', 'c9.json'], folder)
    expect([missing.code, missing.stdout]).toEqual([2, ''])
    expect(missing.stderr.split('\n')[0]).toBe(
      'error: c9.json is an error answer of serve, not an interaction record: Unknown interaction "c9" (code unknown-interaction)',
    )
    const other = await routewrightInProcess(
      ['run', path.join(examplesDir, 'main-inbound.strategy.yaml'), '--replay', '-'],
      folder,
      readFileSync(path.join(folder, 'gold.json'), 'utf8'),
    )
    expect(other.code).toBe(2)
    expect(other.stderr).toContain('standard input records strategy "vip-routing", but ')
    const mixed = await routewrightInProcess(
      ['run', vip, '--replay', 'gold.json', '--at', '2026-03-02T10:00:00Z'],
      folder,
    )
    expect(mixed.code).toBe(2)
    expect(mixed.stderr).toContain('--at is not used with --replay')
  })

  it('takes the statistics the record read, and what an older record lacks (the number dialled) from --interaction', async () => {
    const folder = workspace(recorded)
    const inbound = path.join(examplesDir, 'main-inbound.strategy.yaml')
    const record = JSON.parse(readFileSync(path.join(folder, 'sales.json'), 'utf8'))
    expect(record).toMatchObject({ outcome: 'route', destination: 'overflow_partner' })
    // serve kept the number dialled: the replay routes by it too
    const kept = await routewrightInProcess(['run', inbound, '--replay', 'sales.json'], folder)
    expect([kept.code, kept.stderr]).toEqual([0, ''])
    expect(kept.stdout).toContain('agree       yes')
    expect(kept.stdout).not.toMatch(/^ {2}interaction\./m)
    // an older serve's record has no number: said, and the replay without it goes elsewhere
    const bare = await routewrightInProcess(['run', inbound, '--replay', 'sales-older.json'], folder)
    expect(bare.code).toBe(0)
    expect(bare.stdout).toContain('agree       no: the strategy given decides otherwise')
    expect(bare.stdout).toContain('  interaction.dnis: none\n')
    const given = await routewrightInProcess(
      [
        'run',
        inbound,
        '--replay',
        'sales-older.json',
        '--interaction',
        '{"dnis":"8005550100"}',
        '--format',
        'json',
      ],
      folder,
    )
    expect([given.code, given.stderr]).toEqual([0, ''])
    const answer = JSON.parse(given.stdout)
    expect(answer).toMatchObject({
      recorded: { outcome: 'route', destination: 'overflow_partner', node: 'partner' },
      agree: true,
      given: { interaction: { dnis: '8005550100' } },
    })
    const read = record.trace.find((e: { kind: string }) => e.kind === 'stat')
    expect(answer.inputs.stats['queue:sales_ny'].ExpectedWaitTime).toBe(read.value)
    expect(answer.notRecorded).not.toContainEqual(expect.objectContaining({ input: 'interaction.dnis' }))
  })

  it("replays a host function's answer from the trace, and a stored data key the strategy wrote is not the host's", async () => {
    const vip = path.join(examplesDir, 'vip-routing.strategy.yaml')
    const record = await recordOfRun()
    const replay = await routewrightInProcess(
      ['run', vip, '--replay', '-', '--format', 'json'],
      examplesDir,
      JSON.stringify(record),
    )
    expect([replay.code, replay.stderr]).toEqual([0, ''])
    const answer = JSON.parse(replay.stdout)
    expect(answer.inputs.functions).toEqual({ lookupCustomer: { returns: 'silver' } })
    expect(answer.inputs.interaction.data).toEqual({ account: 'A7', customer_tier: '' })
    expect(answer.inputs.at).toBe('2026-03-02T10:00:00.000Z')
    expect(answer).toMatchObject({ agree: true, replayed: { agent: 'ann', node: 'general' } })
  })

  it("replays what serve's submit takes (128-character addresses, a fractional priority), where a test file's limits refused it", async () => {
    const vip = path.join(examplesDir, 'vip-routing.strategy.yaml')
    const ani = `+${'5'.repeat(99)}`
    const submitted = { ani, dnis: '8'.repeat(128), priority: 2.5, data: { account: 'A7' } }
    const record = { ...(await recordOfRun()), submitted }
    const replay = await routewrightInProcess(
      ['run', vip, '--replay', '-', '--format', 'json'],
      examplesDir,
      JSON.stringify(record),
    )
    expect([replay.code, replay.stderr]).toEqual([0, ''])
    expect(JSON.parse(replay.stdout).inputs.interaction).toMatchObject({ ani, priority: 2.5 })
    // past serve's own limit it was never serve's record: refused, saying which field and the limit
    const over = await routewrightInProcess(
      ['run', vip, '--replay', '-'],
      examplesDir,
      JSON.stringify({ ...record, submitted: { ...submitted, dnis: '8'.repeat(129) } }),
    )
    expect(over.code).toBe(2)
    expect(over.stderr).toContain(
      `standard input: the record's interaction.dnis cannot be replayed: Interaction "dnis" is 129 characters long, over the router's limit of 128`,
    )
    const high = await routewrightInProcess(
      ['run', vip, '--replay', '-'],
      examplesDir,
      JSON.stringify({ ...record, submitted: { ...submitted, priority: 2_000_000 } }),
    )
    expect(high.code).toBe(2)
    expect(high.stderr).toContain(
      "the record's interaction.priority cannot be replayed: 2000000 is outside the priorities routewright serve and the router take (-1000000 to 1000000, fractions too)",
    )
  })

  it('exits 1 with --check when the replayed decision differs, so CI fails on a changed decision', async () => {
    const vip = path.join(examplesDir, 'vip-routing.strategy.yaml')
    const record = await recordOfRun()
    const same = await routewrightInProcess(
      ['run', vip, '--replay', '-', '--check'],
      examplesDir,
      JSON.stringify(record),
    )
    expect([same.code, same.stderr]).toEqual([0, ''])
    expect(same.stdout).toContain('agree       yes')
    // recorded at another node than the strategy now decides at: the same report, and exit 1
    const moved = { ...record, explanation: { ...record.explanation, node: 'vip_desk' } }
    const changed = await routewrightInProcess(
      ['run', vip, '--replay', '-', '--check'],
      examplesDir,
      JSON.stringify(moved),
    )
    expect([changed.code, changed.stderr]).toEqual([1, ''])
    expect(changed.stdout).toContain('agree       no: the strategy given decides otherwise')
    const unchecked = await routewrightInProcess(
      ['run', vip, '--replay', '-'],
      examplesDir,
      JSON.stringify(moved),
    )
    expect(unchecked.code).toBe(0)
    const alone = await routewrightInProcess(['run', vip, '--interaction', '{}', '--check'], examplesDir)
    expect(alone.code).toBe(2)
    expect(alone.stderr).toContain('--check is used with --replay')
  })
})

/**
 * A record as serve keeps one, of vip-routing run on account A7 with ann ready: the serve of the examples registers
 * no host function, so the run's trace holds lookupCustomer's answer as serve's would.
 */
async function recordOfRun(): Promise<Record<string, unknown> & { explanation: Record<string, unknown> }> {
  const run = await routewrightInProcess(
    [
      'run',
      path.join(examplesDir, 'vip-routing.strategy.yaml'),
      '--interaction',
      '{"data":{"account":"A7"}}',
      '--agents',
      '{"ann":"ready"}',
      '--functions',
      '{"lookupCustomer":{"returns":"silver"}}',
      '--format',
      'json',
    ],
    examplesDir,
  )
  expect(run.code).toBe(0)
  const result = JSON.parse(run.stdout)
  return {
    id: 'f1',
    strategy: 'vip-routing',
    version: 'v1',
    media: 'voice',
    state: 'reserved',
    submittedAt: Date.UTC(2026, 2, 2, 10),
    ...{ agent: result.agent, target: result.target, explanation: result.explanation },
    data: result.data,
    trace: result.trace,
  }
}
