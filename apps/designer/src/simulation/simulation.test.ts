import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseDirectory, parseStrategy, type StrategyNode } from '@routewright/strategy-dsl'
import { describe, expect, it, vi } from 'vitest'
import { dayErlangFigures, erlangFigures } from './erlang-figures.ts'
import { contrastRatio, entriesOf, heatColor, heatCss, heatInk } from './heat.ts'
import {
  DEFAULT_FORM,
  FIELDS_ON_SCREEN,
  formErrorsText,
  interactionOf,
  meanArrivalsPerHour,
  readForm,
  type SimForm,
  typicalDay,
} from './sim-form.ts'
import { runJob, type SimJob } from './sim-job.ts'
import { createSimulationRunner, type WorkerLike } from './sim-runner.ts'

const examples = join(import.meta.dirname, '../../../../examples')
const directory = parseDirectory(readFileSync(join(examples, 'contact-center.directory.yaml'), 'utf8'))
const vip = parseStrategy(readFileSync(join(examples, 'vip-routing.strategy.yaml'), 'utf8'))
const identify = parseStrategy(readFileSync(join(examples, 'identify-caller.strategy.yaml'), 'utf8'))

function make(overrides: Partial<SimForm> = {}): SimForm {
  return { ...DEFAULT_FORM, agents: ['a1', 'a2'], ...overrides }
}

describe('readForm', () => {
  it('reads a valid form into settings', () => {
    expect(readForm(make())).toEqual({
      ok: true,
      settings: {
        arrivalsPerHour: 60,
        ahtSeconds: 180,
        durationHours: 8,
        warmupHours: 1,
        serviceLevelSeconds: 20,
        intervalMinutes: 15,
        seed: 1,
        media: 'voice',
        agents: ['a1', 'a2'],
      },
    })
  })

  it.each<[Partial<SimForm>, string, string]>([
    [{ arrivalsPerHour: '0' }, 'arrivalsPerHour', 'Arrivals per hour must be a number > 0 (got "0").'],
    [
      { ahtSeconds: 'three minutes' },
      'ahtSeconds',
      'Handle time must be a number of seconds > 0, at most 86400 (a day) (got "three minutes").',
    ],
    [
      { ahtSeconds: '1e300' },
      'ahtSeconds',
      'Handle time must be a number of seconds > 0, at most 86400 (a day) (got "1e300").',
    ],
    [
      { patienceSeconds: '-5' },
      'patienceSeconds',
      'Patience must be a number of seconds > 0, or empty for callers who never hang up (got "-5").',
    ],
    [{ warmupHours: '8' }, 'warmupHours', 'Warm-up must be shorter than the duration.'],
    [
      { durationHours: '1000' },
      'durationHours',
      'Duration must be a number of hours > 0, at most 336 (two weeks) (got "1000").',
    ],
    [{ seed: '1.5' }, 'seed', 'Seed must be a whole number (got "1.5").'],
    [{ agents: [] }, 'agents', 'Log in at least one agent.'],
    [{ data: '[1]' }, 'data', 'Call data must be a JSON object such as {"customer_tier": "gold"}.'],
    [
      { mode: 'profile', profile: '1 2 3' },
      'profile',
      'The profile needs 24 rates, one per 60 minutes of the day from its start; it has 3.',
    ],
    [
      { start: 'Monday 8am' },
      'start',
      "The day's start must be an ISO time with its offset, such as 2026-03-02T08:00:00-05:00.",
    ],
    [
      { start: '2026-03-02T08:00:00' },
      'start',
      "The day's start must be an ISO time with its offset, such as 2026-03-02T08:00:00-05:00.",
    ],
    [
      { dnis: '1'.repeat(129) },
      'dnis',
      'The DNIS is 129 characters, over the 128 routewright serve and the router take (their default limits.maxAddressChars): shorten it.',
    ],
    [
      { ani: '212\u0085555' },
      'ani',
      'The ANI holds a control character (code 133 at position 3); remove it: it would break the log lines and reports it is copied into.',
    ],
    [
      { media: 'Chat' },
      'media',
      'The media must be a media name: a lower-case letter, then lower-case letters, digits or dashes, at most 32 characters, such as voice, chat, email (got "Chat").',
    ],
    [
      { priority: '2e6' },
      'priority',
      'Priority 2000000 is outside the priorities routewright serve and the router take (-1000000 to 1000000, fractions too): give one within them.',
    ],
    [
      { priority: 'high' },
      'priority',
      'Priority must be a number from -1000000 to 1000000, fractions too, or empty for 0 (got "high").',
    ],
    [
      { data: '{\n  "tier": "gold",\n  tier2: 1\n}' },
      'data',
      `Call data must be a JSON object such as {"customer_tier": "gold"}: Expected double-quoted property name at line 3, column 3.`,
    ],
    [
      { data: '{"tier": "gold"' },
      'data',
      `Call data must be a JSON object such as {"customer_tier": "gold"}: Expected ',' or '}' after property value at line 1, column 16.`,
    ],
    [
      { functions: '["gold"]' },
      'functions',
      'Function answers must be a JSON object such as {"lookupCustomer": {"returns": "gold", "after": "1s"}}.',
    ],
    [
      { functions: '{"lookupCustomer": {"retuns": "gold"}}' },
      'functions',
      'Function "lookupCustomer" must answer {"returns": <value>, "after": "1s"}, {"throws": "message"} or {"hangs": true}.',
    ],
    [{ mode: 'profile', profile: `${'5 '.repeat(23)}x` }, 'profile', 'Rate 24 ("x") is not a number >= 0.'],
    [{ mode: 'profile', profile: '0 '.repeat(24) }, 'profile', 'The profile has no arrivals at all.'],
    [
      { arrivalsPerHour: '1e9' },
      'arrivalsPerHour',
      'Arrivals per hour over 8 h make about 8,000,000,000 calls; one run simulates at most 2,000,000: lower the rate or the duration.',
    ],
    [
      { mode: 'profile', profile: '1e7 '.repeat(24) },
      'profile',
      'The profile over 8 h makes about 80,000,000 calls; one run simulates at most 2,000,000: lower the rate or the duration.',
    ],
  ])('%j -> %s: %s', (overrides, field, message) => {
    const read = readForm(make(overrides))
    expect(read.ok).toBe(false)
    if (!read.ok) expect(read.errors[field as keyof typeof read.errors]).toBe(message)
  })

  it('names the first field in error on screen, not the first checked', () => {
    const read = readForm(make({ durationHours: '0', arrivalsPerHour: '-5', seed: 'x' }))
    if (read.ok) throw new Error('read')
    expect(formErrorsText(read.errors)).toBe(
      `Not run: ${read.errors.arrivalsPerHour} Fix the 3 fields marked in red above, then run.`,
    )
    // every field of the form has its place on screen
    expect([...FIELDS_ON_SCREEN].sort()).toEqual(
      Object.keys(make())
        .filter((k) => k !== 'mode')
        .sort(),
    )
  })

  it('reads the media and priority every contact arrives with, and names them in the heading', () => {
    const read = readForm(
      make({ media: 'chat', priority: ' 5 ', dnis: '8001', data: '{"tier": "gold", "reason": "billing"}' }),
    )
    if (!read.ok) throw new Error(JSON.stringify(read.errors))
    expect(read.settings).toMatchObject({ media: 'chat', priority: 5 })
    expect(interactionOf(read.settings)).toBe(
      'chat, priority 5, DNIS 8001, data {"tier":"gold","reason":"billing"}',
    )
    const plain = readForm(make())
    expect(plain.ok && plain.settings.priority).toBeUndefined()
    expect(plain.ok && interactionOf(plain.settings)).toBe('voice')
    const long = readForm(make({ data: JSON.stringify({ note: 'x'.repeat(100) }) }))
    expect(long.ok && interactionOf(long.settings)).toBe(`voice, data {"note":"${'x'.repeat(50)}…`)
  })

  it('takes the interaction serve takes: a 128-character ANI and DNIS, a fractional priority', () => {
    const sip = `sip:+${'3'.repeat(123)}`
    const read = readForm(make({ ani: sip, dnis: '8'.repeat(128), priority: '2.5' }))
    if (!read.ok) throw new Error(JSON.stringify(read.errors))
    expect(read.settings).toMatchObject({ ani: sip, dnis: '8'.repeat(128), priority: 2.5 })
    expect(readForm(make({ priority: '-1000000' })).ok).toBe(true)
  })

  it('reads call data given as a JSON object', () => {
    const read = readForm(make({ data: '{"customer_tier": "gold"}' }))
    expect(read.ok && read.settings.data).toEqual({ customer_tier: 'gold' })
    const bad = readForm(make({ data: '{tier: gold}' }))
    expect(!bad.ok && bad.errors.data).toMatch(/^Call data must be a JSON object such as .*: .+\.$/)
  })

  it('reads the numbers, start time and host function answers every call of the run gets', () => {
    const read = readForm(
      make({
        dnis: ' 8005550100 ',
        ani: '2125550100',
        start: '2026-03-02T08:00:00-05:00',
        functions: '{"lookupCustomer": {"returns": "gold", "after": "1s"}, "fraudScore": {"throws": "down"}}',
      }),
    )
    if (!read.ok) throw new Error(JSON.stringify(read.errors))
    expect(read.settings).toMatchObject({
      dnis: '8005550100',
      ani: '2125550100',
      startAt: Date.UTC(2026, 2, 2, 13),
      functions: { lookupCustomer: { returns: 'gold', after: '1s' }, fraudScore: { throws: 'down' } },
    })
    const bad = readForm(make({ functions: '{lookupCustomer}' }))
    expect(!bad.ok && bad.errors.functions).toMatch(
      /^Function answers must be a JSON object such as .*: .+\.$/,
    )
  })

  it('simulates the CRM as answered: every caller it calls gold reaches the VIP desk through it', () => {
    const job = (functions: string): SimJob => {
      const read = readForm(
        make({
          agents: Object.keys(directory.agents ?? {}),
          durationHours: '3',
          ani: '2125550100',
          functions,
        }),
      )
      if (!read.ok) throw new Error(JSON.stringify(read.errors))
      return {
        versions: [{ label: 'edited', document: vip }],
        strategies: [identify],
        directory,
        settings: read.settings,
      }
    }
    const entries = (functions: string) => runJob(job(functions), () => {})[0]!.result.nodeEntries ?? {}
    const gold = entries('{"lookupCustomer": {"returns": "gold", "after": "1s"}}')
    expect(gold['vip-routing/vip_desk']).toBe(gold['vip-routing/identify'])
    expect(gold['vip-routing/pop_silver']).toBeUndefined()
    // no answer: the function node takes its error output, and nobody reaches the VIP desk
    const none = entries('')
    expect(none['vip-routing/vip_desk']).toBeUndefined()
    expect(none['vip-routing/general']).toBe(none['vip-routing/identify'])
  })

  it('reads a profile of the day and averages it over the measured hours', () => {
    const rates = typicalDay(120, 30)
    expect(rates).toHaveLength(48)
    expect(Math.max(...rates)).toBeGreaterThan(110)
    expect(Math.max(...rates)).toBeLessThanOrEqual(120)
    expect(rates[0]).toBe(0)
    const read = readForm(make({ mode: 'profile', profileMinutes: '30', profile: rates.join(', ') }))
    if (!read.ok) throw new Error(JSON.stringify(read.errors))
    expect(read.settings.arrivalProfile).toEqual({ intervalMinutes: 30, arrivalsPerHour: rates })
    // hours 1..7 of the day are closed
    expect(meanArrivalsPerHour({ ...read.settings, durationHours: 7 })).toBe(0)
    const daytime = { ...read.settings, warmupHours: 9, durationHours: 12 }
    const expected = rates.slice(18, 24).reduce((a, b) => a + b, 0) / 6
    expect(meanArrivalsPerHour(daytime)).toBeCloseTo(expected, 9)
  })
})

describe('erlangFigures', () => {
  it('gives Erlang C and Erlang A for the rate, handle time, agents and patience', () => {
    const read = readForm(
      make({
        arrivalsPerHour: '160',
        patienceSeconds: '120',
        agents: Array.from({ length: 10 }, (_, i) => `a${i}`),
      }),
    )
    if (!read.ok) throw new Error('bad form')
    const figures = erlangFigures(read.settings, 160)
    expect(figures.offeredLoad).toBeCloseTo(8, 9)
    // the runtime's documented example: 8 Erlangs on 10 agents, SL(20 s) 0.672, P_W 0.409
    expect(figures.erlangC?.serviceLevel).toBeCloseTo(0.672, 3)
    expect(figures.erlangC?.probabilityOfWaiting).toBeCloseTo(0.409, 3)
    expect(figures.erlangA?.abandonRate).toBeGreaterThan(0)
    expect(figures.erlangA?.abandonRate).toBeLessThan(figures.erlangC?.probabilityOfWaiting ?? 0)
  })

  it('leaves Erlang C out when the load is over the agents', () => {
    const read = readForm(make({ arrivalsPerHour: '600' }))
    if (!read.ok) throw new Error('bad form')
    expect(erlangFigures(read.settings, 600).erlangC).toBeUndefined()
  })

  it("reads a profile's day interval by interval: a peak over the agents shows, where the mean rate hides it", () => {
    // two agents, AHT 180 s: 20/h most of the day (1 Erlang), 60/h from 10:00 to 12:00 (3 Erlangs: over)
    const rates = Array.from({ length: 24 }, (_, h) => (h === 10 || h === 11 ? 60 : 20))
    const read = readForm(make({ mode: 'profile', profile: rates.join(' '), durationHours: '24' }))
    if (!read.ok) throw new Error('bad form')
    const day = dayErlangFigures(read.settings)
    const atMean = erlangFigures(read.settings, meanArrivalsPerHour(read.settings))
    expect(atMean.erlangC).toBeDefined() // the mean, about 23/h, fits two agents
    expect(day?.overInSome).toBe(true)
    expect(day?.erlangC?.asa).toBe(Infinity)
    // the peak's calls count as waiting and late: fewer answered in time than at the mean
    expect(day?.erlangC?.serviceLevel).toBeLessThan((atMean.erlangC?.serviceLevel ?? 0) - 0.05)
    // a constant rate is the same either way
    const flat = readForm(make({ arrivalsPerHour: '20' }))
    if (!flat.ok) throw new Error('bad form')
    expect(dayErlangFigures(flat.settings)).toEqual(erlangFigures(flat.settings, 20))
  })
})

describe('runJob', { timeout: 60_000 }, () => {
  const read = readForm(
    make({ arrivalsPerHour: '40', durationHours: '3', agents: Object.keys(directory.agents ?? {}) }),
  )
  if (!read.ok) throw new Error('bad form')
  const job: SimJob = {
    versions: [
      { label: 'saved', document: vip },
      {
        label: 'edited',
        // the edited version sends silver callers straight to the general queue
        document: {
          ...vip,
          nodes: {
            ...vip.nodes,
            pop_silver: { ...vip.nodes.pop_silver, next: 'general' } as StrategyNode,
          },
        },
      },
    ],
    strategies: [vip, identify],
    directory,
    settings: read.settings,
  }

  it('simulates each version on the same seed, reports progress to 1 and counts node entries', () => {
    const progress: number[] = []
    const runs = runJob(job, (f) => progress.push(f))
    expect(runs.map((r) => r.label)).toEqual(['saved', 'edited'])
    expect(progress.at(-1)).toBe(1)
    expect(progress.every((f, i) => i === 0 || f >= progress[i - 1]!)).toBe(true)
    const [saved, edited] = runs
    // same seed, same arrivals
    expect(saved!.result.offered).toBe(edited!.result.offered)
    expect(saved!.result.offered).toBeGreaterThan(60)
    const savedEntries = entriesOf(saved!.result.nodeEntries, 'vip-routing')
    expect(savedEntries.get('has_tier')).toBe(saved!.result.intervals.reduce((s, i) => s + i.offered, 0))
    expect(entriesOf(edited!.result.nodeEntries, 'vip-routing').get('boost') ?? 0).toBe(0)
    expect(saved!.result.intervals).toHaveLength(12)
    // deterministic: the same job gives the same figures
    expect(runJob(job, () => {})[0]!.result).toEqual(saved!.result)
  })

  it('takes after-hours callers past the closed message to voicemail, none abandoned (author review 1)', () => {
    const hours = parseStrategy(readFileSync(join(examples, 'business-hours.strategy.yaml'), 'utf8'))
    // a Saturday evening: New York and Paris both closed; patience as the form had by default before
    const read = readForm(
      make({
        arrivalsPerHour: '30',
        durationHours: '2',
        patienceSeconds: '120',
        start: '2026-03-07T20:00:00Z',
      }),
    )
    if (!read.ok) throw new Error('bad form')
    const [run] = runJob(
      {
        versions: [{ label: 'this version', document: hours }],
        strategies: [hours],
        directory,
        settings: read.settings,
      },
      () => {},
    )
    const result = run!.result
    expect(result.offered).toBeGreaterThan(20)
    expect([result.answered, result.abandoned, result.other]).toEqual([0, 0, result.offered])
    expect(result.otherBy).toEqual({ 'route voicemail': result.offered })
  })
})

class FakeWorker implements WorkerLike {
  onmessage: ((event: MessageEvent) => void) | null = null
  onerror: ((event: ErrorEvent) => void) | null = null
  posted: unknown[] = []
  terminated = false
  postMessage(message: unknown) {
    this.posted.push(message)
  }
  terminate() {
    this.terminated = true
  }
  send(data: unknown) {
    this.onmessage?.({ data } as MessageEvent)
  }
}

describe('createSimulationRunner', () => {
  const job = {} as SimJob

  it('passes progress on and settles with the runs, ending the worker', async () => {
    const worker = new FakeWorker()
    const runner = createSimulationRunner(() => worker)
    const progress = vi.fn()
    const outcome = runner.run(job, progress)
    expect(worker.posted).toEqual([job])
    worker.send({ type: 'progress', fraction: 0.5 })
    worker.send({ type: 'done', runs: [] })
    await expect(outcome).resolves.toEqual({ status: 'done', runs: [] })
    expect(progress).toHaveBeenCalledWith(0.5)
    expect(worker.terminated).toBe(true)
  })

  it('cancel terminates the running worker at once and ignores anything it sent after', async () => {
    const worker = new FakeWorker()
    const runner = createSimulationRunner(() => worker)
    const progress = vi.fn()
    const outcome = runner.run(job, progress)
    runner.cancel()
    expect(worker.terminated).toBe(true)
    worker.send({ type: 'progress', fraction: 0.9 })
    await expect(outcome).resolves.toEqual({ status: 'cancelled' })
    expect(progress).not.toHaveBeenCalled()
  })

  it('reports a failure in the worker as an error outcome', async () => {
    const worker = new FakeWorker()
    const outcome = createSimulationRunner(() => worker).run(job, () => {})
    worker.send({ type: 'error', message: 'arrivalsPerHour must be a number > 0, got 0' })
    await expect(outcome).resolves.toEqual({
      status: 'error',
      message: 'arrivalsPerHour must be a number > 0, got 0',
    })
  })

  it('a new run cancels the previous one', async () => {
    const workers = [new FakeWorker(), new FakeWorker()]
    let next = 0
    const runner = createSimulationRunner(() => workers[next++]!)
    const first = runner.run(job, () => {})
    void runner.run(job, () => {})
    await expect(first).resolves.toEqual({ status: 'cancelled' })
    expect(workers[0]!.terminated).toBe(true)
    expect(workers[1]!.terminated).toBe(false)
  })
})

describe('heat overlay', () => {
  it('tints nodes by traffic relative to the busiest and labels them with count and share', () => {
    const entries = entriesOf({ 'vip/a': 200, 'vip/b': 50, 'other/a': 999 }, 'vip')
    expect([...entries]).toEqual([
      ['a', 200],
      ['b', 50],
    ])
    const css = heatCss(entries, 200)
    expect(css).toContain(`.react-flow__node[data-id="a"]{box-shadow:0 0 0 5px ${heatColor(1)}`)
    expect(css).toContain('content:"200 · 100%"')
    expect(css).toContain(`.react-flow__node[data-id="b"]{box-shadow:0 0 0 5px ${heatColor(0.25)}`)
    expect(css).toContain('content:"50 · 25%"')
    expect(heatCss(new Map(), 0)).toBe('')
    expect(heatColor(0)).toBe('rgb(255, 236, 170)')
    expect(heatColor(1)).toBe('rgb(214, 40, 40)')
  })

  const rgb = (color: string) => color.match(/\d+/g)!.map(Number) as [number, number, number]

  it('labels every node in ink that reads on its heat colour (4.5:1), from the quietest to the busiest', () => {
    const shares = Array.from({ length: 101 }, (_, k) => k / 100)
    const low = shares.filter((share) => contrastRatio(rgb(heatInk(share)), rgb(heatColor(share))) < 4.5)
    expect(low).toEqual([])
    const css = heatCss(
      new Map([
        ['a', 100],
        ['b', 75],
      ]),
      100,
    )
    expect(css).toContain(`color:${heatInk(0.75)}`)
    expect(css).toContain('.react-flow__node:has(.rw-node__start)::before{left:56px}')
  })

  it('takes the ratio the WCAG way: black on white is 21, a colour on itself 1', () => {
    expect(contrastRatio([0, 0, 0], [255, 255, 255])).toBeCloseTo(21, 5)
    expect(contrastRatio([214, 40, 40], [214, 40, 40])).toBe(1)
    // the busiest node's label before: dark brown on deep red
    expect(contrastRatio([59, 29, 0], [214, 40, 40])).toBeLessThan(4.5)
  })
})
