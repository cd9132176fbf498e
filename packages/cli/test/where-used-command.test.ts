import { describe, expect, it } from 'vitest'
import { examplesDir, routewright, strategy, workspace } from './helpers.ts'

describe('routewright where-used', () => {
  it('is listed by --help', async () => {
    const result = await routewright(['--help'], workspace())
    expect(result.stdout).toMatch(/^ {2}where-used +List every place/m)
  })

  it('lists each use of a group with file:line:col, node, field and use', async () => {
    const result = await routewright(
      ['where-used', 'support_fr', '--kind', 'group', '--workspace', examplesDir],
      workspace(),
    )
    expect(result.code).toBe(0)
    expect(result.stderr).toBe('')
    const shown = (file: string) => `${examplesDir.replace(/\\/g, '/')}/${file}`
    expect(result.stdout).toContain(
      `support_fr group declared at ${shown('contact-center.directory.yaml')}:25:3`,
    )
    expect(result.stdout).toContain('6 uses of "support_fr" (group):')
    expect(result.stdout).toMatch(
      /inbound-call\.strategy\.yaml:35:18 +group +inbound-call\/support +targets\[1\]\.group +target\n/,
    )
    expect(result.stdout).toMatch(
      /contact-center\.directory\.yaml:85:14 +group +- +agents\.gabrielle\.groups\[0\] +member gabrielle\n/,
    )
  })

  it('gives the uses as JSON, paths relative to the working folder', async () => {
    const result = await routewright(['where-used', 'identify-caller', '--format', 'json'], examplesDir)
    expect(result.code).toBe(0)
    const report = JSON.parse(result.stdout)
    expect(
      report.uses.map(
        (u: { file: string; line: number; node: string; use: string }) =>
          `${u.file}:${u.line} ${u.node} ${u.use}`,
      ),
    ).toEqual([
      'callback-offer.strategy.yaml:22 identify calls',
      'identify-caller.test.yaml:4 undefined tested',
      'vip-routing.strategy.yaml:41 identify calls',
    ])
    expect(report.declarations).toHaveLength(1)
  })

  it('says an unknown name is not there, with the closest name, and exits 1', async () => {
    const result = await routewright(['where-used', 'suport_fr'], examplesDir)
    expect(result).toEqual({
      code: 1,
      stdout: 'Nothing in the workspace is named "suport_fr". Did you mean "support_fr"?\n',
      stderr: '',
    })
  })

  it('leaves out a file that does not parse and says so on stderr', async () => {
    const cwd = workspace({
      'good.strategy.yaml': strategy('good'),
      'broken.strategy.yaml': 'strategy: broken\nformat: 1\nnodes: [',
    })
    const result = await routewright(['where-used', 'support'], cwd)
    expect(result.stderr).toBe(
      'broken.strategy.yaml: skipped, it does not parse (run routewright validate)\n',
    )
    expect(result.stdout).toMatch(
      /good\.strategy\.yaml:\d+:\d+ +group +good\/\S+ +targets\[0\]\.group +target/,
    )
    expect(result.code).toBe(0)
  })

  it('refuses a missing name and an unknown kind as usage errors', async () => {
    const cwd = workspace()
    expect((await routewright(['where-used'], cwd)).code).toBe(2)
    const wrongKind = await routewright(['where-used', 'x', '--kind', 'team'], cwd)
    expect(wrongKind.code).toBe(2)
  })
})
