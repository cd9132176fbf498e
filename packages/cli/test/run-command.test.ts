import { describe, expect, it } from 'vitest'
import { directory, routewright, workspace } from './helpers.ts'

const helpDesk = `strategy: help-desk
format: 1
start: queue
nodes:
  queue:
    type: target
    targets: [{ group: support }]
    pick: longest-idle
    wait: 30s
    next: { timeout: done, error: done }
  done: { type: end, outcome: default-route }
`

describe('routewright run', () => {
  it('prints the decision with its explanation: ranked candidates, values, exclusions and the rule', async () => {
    const cwd = workspace({ 'help-desk.strategy.yaml': helpDesk, 'env.directory.yaml': directory })
    const agents = JSON.stringify({
      ann: { state: 'ready', since: '2m' },
      bob: { state: 'ready', since: '10s' },
    })
    const result = await routewright(
      ['run', 'help-desk.strategy.yaml', '--interaction', '{"media":"voice"}', '--agents', agents],
      cwd,
    )
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const lines = result.stdout.split('\n')
    expect(lines[0]).toBe('help-desk: routed → agent ann via group:support')
    expect(lines[1]).toBe('path        queue')
    expect(result.stdout).toMatch(/Why \(node queue, rule longest idle\): /)
    expect(result.stdout).toMatch(/^ {2}1 +ann ★ +group:support +120\b/m)
    expect(result.stdout).toMatch(/^ {2}2 +bob +group:support +10\b/m)
  })

  it('prints the full result as JSON with --format json', async () => {
    const cwd = workspace({ 'help-desk.strategy.yaml': helpDesk, 'env.directory.yaml': directory })
    const result = await routewright(
      [
        'run',
        'help-desk.strategy.yaml',
        '--interaction',
        '{}',
        '--agents',
        '{"bob":"busy"}',
        '--format',
        'json',
      ],
      cwd,
    )
    expect(result.code).toBe(0)
    const decision = JSON.parse(result.stdout)
    expect(decision).toMatchObject({ outcome: 'default-route', path: ['queue', 'done'] })
  })

  it('reads the interaction from a file with @', async () => {
    const cwd = workspace({
      'help-desk.strategy.yaml': helpDesk,
      'env.directory.yaml': directory,
      'call.json': '{"media":"voice","ani":"+15550100"}',
    })
    const result = await routewright(
      ['run', 'help-desk.strategy.yaml', '--interaction', '@call.json', '--agents', '{"ann":"ready"}'],
      cwd,
    )
    expect(result.stdout.split('\n')[0]).toBe('help-desk: routed → agent ann via group:support')
  })

  it('rejects JSON that does not parse with exit 2', async () => {
    const cwd = workspace({ 'help-desk.strategy.yaml': helpDesk, 'env.directory.yaml': directory })
    const result = await routewright(['run', 'help-desk.strategy.yaml', '--interaction', '{media:'], cwd)
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/^error: --interaction is not valid JSON: /)
  })

  it('requires --interaction', async () => {
    const cwd = workspace({ 'help-desk.strategy.yaml': helpDesk, 'env.directory.yaml': directory })
    const result = await routewright(['run', 'help-desk.strategy.yaml'], cwd)
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/^error: --interaction is required\n/)
  })

  it('stops with the errors of a strategy that does not validate', async () => {
    const cwd = workspace({
      'help-desk.strategy.yaml': helpDesk.replace('group: support', 'group: suport'),
      'env.directory.yaml': directory,
    })
    const result = await routewright(['run', 'help-desk.strategy.yaml', '--interaction', '{}'], cwd)
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/^help-desk\.strategy\.yaml:7:24 {2}error {2}RW3\d\d {2}.*"suport"/)
  })
})
