// `routewright simulate` says when its traffic cannot reach an agent (RW491 refused, RW492/RW493 warned), and names
// its service level's definition, which `routewright report` computes the same on the same basis.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { routewright, workspace } from './helpers.ts'
import { routewrightInProcess } from './in-process.ts'

const pool = `strategy: pool
format: 1
start: pick
nodes:
  pick:
    type: target
    targets: [{ group: pool }]
    wait: 30s
    next: { timeout: night }
  night:
    type: target
    targets: [{ group: night }]
    wait: 20s
    next: { timeout: partner }
  partner:
    type: route
    destination: partner
`
const env = `directory: env
format: 1
groups: { pool: {}, night: {} }
agents:
  ann: { groups: [pool], capacity: { voice: 1, chat: 2 } }
  bob: { groups: [pool], capacity: { voice: 1 } }
destinations:
  partner: { type: external, address: "+18005550199" }
`
const files = { 'pool.strategy.yaml': pool, 'env.directory.yaml': env }
const day = ['simulate', 'pool.strategy.yaml', '--arrivals', '20/h', '--aht', '180', '--hours', '2']

describe('routewright simulate: traffic no agent can take', () => {
  it('refuses a handle time over a day, as the runtime and the designer do', async () => {
    const cwd = workspace(files)
    const run = await routewrightInProcess(
      ['simulate', 'pool.strategy.yaml', '--arrivals', '20/h', '--aht', '25h'],
      cwd,
    )
    expect([run.code, run.stdout]).toEqual([2, ''])
    expect(run.stderr).toContain(
      '--aht 25h is over a day (86,400 s), the longest handle time a simulation takes',
    )
  })

  it('[RW491] refuses a media no agent of the directory takes, at its line in the --interaction file', async () => {
    const cwd = workspace({ ...files, 'chat.json': '{\n  "media": "chta"\n}\n' })
    const run = await routewrightInProcess([...day, '--interaction', '@chat.json'], cwd)
    expect([run.code, run.stdout]).toEqual([2, ''])
    expect(run.stderr).toBe(
      'chat.json:2:12  error  RW491  No agent of the directory takes media "chta", so no contact could ever be answered. Did you mean "chat"?\n' +
        'fix: Change "chta" to "chat"\n' +
        'hint: Give --interaction a media the agents take ({"media":"voice"}), or add it to their capacity in the directory\n',
    )
  })

  it('[RW492] runs, and says so, when no logged-in agent takes the media', async () => {
    const cwd = workspace(files)
    const run = await routewrightInProcess(
      [...day, '--logged-in', 'bob', '--interaction', '{"media":"chat"}', '--format', 'json'],
      cwd,
    )
    expect(run.code).toBe(0)
    expect(run.stderr).toBe(
      '--interaction at media  warning  RW492  No logged-in agent takes media "chat" (the directory has one who does, e.g. "ann"): every contact waits until it abandons or leaves the strategy.\n' +
        'hint: Log in agents who take the media (--logged-in), or simulate a media they take\n',
    )
    const json = JSON.parse(run.stdout)
    expect(json.warnings).toMatchObject([
      { code: 'RW492', severity: 'warning', where: '--interaction at media' },
    ])
    expect(json.simulated.answered).toBe(0)
  })

  it('[RW493] names the strategy line of a target group with no agent for the media', async () => {
    const cwd = workspace(files)
    const run = await routewrightInProcess(day, cwd)
    expect(run.code).toBe(0)
    expect(run.stderr).toBe(
      'pool.strategy.yaml:12:24  warning  RW493  Node "night" of "pool" targets group "night", where no logged-in agent takes media "voice": contacts sent there wait until they abandon or time out.\n' +
        'hint: Add agents who take the media to the group (or log them in), or route these contacts to a group that has some; for an agent or skill target, log in an agent who takes the media and meets it (--logged-in)\n',
    )
    expect(run.stdout).toMatch(/\noffered \d+, answered \d+/)
  })

  it('[RW493] names the strategy line of a skill target no logged-in agent meets, and who would', async () => {
    const vip = pool.replace('targets: [{ group: pool }]', 'targets: [{ skill: "skills.vip >= 1" }]')
    const cwd = workspace({
      'pool.strategy.yaml': vip,
      'env.directory.yaml': env.replace(
        'ann: { groups: [pool],',
        'ann: { groups: [pool], skills: { vip: 2 },',
      ),
    })
    const run = await routewrightInProcess([...day, '--logged-in', 'bob'], cwd)
    expect(run.code).toBe(0)
    expect(run.stderr.split('\n')[0]).toBe(
      'pool.strategy.yaml:7:24  warning  RW493  Node "pick" of "pool" targets skill "skills.vip >= 1", which no logged-in agent who takes media "voice" meets (the directory has one who does but is not logged in, e.g. "ann"): contacts sent there wait until they abandon or time out.',
    )
  })
})

describe('routewright simulate and report: one service level definition', () => {
  it('names the basis, gives the other one, and report computes the same figure on either basis', async () => {
    const cwd = workspace(files)
    // the day's rate replaced, not given twice (a repeated flag is refused)
    const args = [
      ...day.filter((arg) => arg !== '--arrivals' && arg !== '20/h'),
      '--patience',
      '40',
      '--logged-in',
      'bob',
      '--arrivals',
      '30/h',
    ]
    const table = await routewrightInProcess(
      [...args, '--service-level-basis', 'handled', '--html', 'day.html'],
      cwd,
    )
    // the page says it too, beside its table and over its chart
    const page = readFileSync(path.join(cwd, 'day.html'), 'utf8')
    expect(page).toContain(
      '<p>service level (basis handled): answered within 20 s / (answered + abandoned in a queue); on basis offered',
    )
    expect(page).toContain('service level (basis handled)</text>')
    expect(table.stdout).toMatch(
      /\nservice level \(basis handled\): answered within 20 s \/ \(answered \+ abandoned in a queue\); on basis offered \(answered within 20 s \/ offered\): \d+\.\d %\n/,
    )
    // the table's rows: the basis asked for first, then the other, each labelled, the figures of the line below
    const rows = table.stdout.split('\n').filter((l) => l.startsWith('service level (20 s'))
    expect(rows.map((l) => l.slice(0, 'service level (20 s, basis offered)'.length))).toEqual([
      'service level (20 s, basis handled)',
      'service level (20 s, basis offered)',
    ])
    const offeredFigure = / on basis offered \(answered within 20 s \/ offered\): (\d+\.\d %)/.exec(
      table.stdout,
    )?.[1]
    expect(rows[1]).toMatch(new RegExp(`^service level \\(20 s, basis offered\\)\\s+${offeredFigure}\\s`))
    // the built binary writes the store (the history's writer thread loads the bundled runtime)
    const run = await routewright([...args, '--format', 'json', '--store', 'sqlite:day.db'], cwd)
    expect(run.code).toBe(0)
    const json = JSON.parse(run.stdout)
    expect(json.serviceLevelDefinition).toBe('service level (basis offered): answered within 20 s / offered')
    const { simulated } = json
    expect(json.comparison.filter((r: { name: string }) => r.name.startsWith('service level'))).toMatchObject(
      [
        { name: 'service level (20 s, basis offered)', simulated: simulated.serviceLevel },
        { name: 'service level (20 s, basis handled)', simulated: simulated.serviceLevelHandled },
      ],
    )
    expect(simulated.other).toBeGreaterThan(0) // sent on to the empty night group and timed out there: not handled
    expect(simulated.serviceLevelHandled).toBeGreaterThan(simulated.serviceLevel)
    const report = async (basis: string) => {
      const out = await routewrightInProcess(
        [
          'report',
          '--store',
          'sqlite:day.db',
          '--from',
          '2026-01-05T01:00:00Z',
          '--to',
          '2026-01-05T03:00:00Z',
        ].concat([
          '--interval',
          'day',
          '--by',
          'strategy',
          '--format',
          'json',
          '--service-level-basis',
          basis,
        ]),
        cwd,
      )
      expect(out.stderr).toBe('')
      return JSON.parse(out.stdout)
    }
    const offered = await report('offered')
    expect(offered.serviceLevelBasis).toBe('offered')
    expect(offered.totals[0].offered).toBe(simulated.offered)
    expect(offered.totals[0].serviceLevel).toBeCloseTo(simulated.serviceLevel, 9)
    const handled = await report('handled')
    expect(handled.totals[0].serviceLevel).toBeCloseTo(simulated.serviceLevelHandled, 9)
  })
})
