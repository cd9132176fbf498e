import { supportStrategy } from '@routewright/node-support/testing'
import { describe, expect, it } from 'vitest'
import { directory, routewright, workspace } from './helpers.ts'

const helpDesk = supportStrategy('help-desk')

const tests = `tests: help-desk
format: 1
directory: ../env/test.directory.yaml
scenarios:
  - name: the agent idle longest answers
    agents: { ann: { state: ready, since: 2m } }
    expect: { outcome: routed, agent: ann, path: [queue] }
`

/** A strategy that calls help-desk as a subroutine, so a run reaches whichever help-desk file it picks. */
const front = `strategy: front
format: 1
start: call
nodes:
  call:
    type: subroutine
    call: help-desk
    next: { done: done, error: done }
  done: { type: end, outcome: default-route }
`

/** help-desk declared by a/ and b/ (b's is the later, reported one), with the directory and `more` files. */
function twinHelpDesks(more: Record<string, string> = {}): string {
  return workspace({
    ...more,
    'a/help-desk.strategy.yaml': helpDesk,
    'b/help-desk.strategy.yaml': helpDesk,
    'env.directory.yaml': directory,
  })
}

describe('one strategy id in two files', () => {
  it('[RW094] test of a folder refuses the tested id declared twice, citing both files', async () => {
    const cwd = workspace({
      'flows/archive/help-desk.strategy.yaml': helpDesk,
      'flows/help-desk.strategy.yaml': helpDesk,
      'flows/help-desk.test.yaml': tests,
      'env/test.directory.yaml': directory,
    })
    const result = await routewright(['test', 'flows'], cwd)
    expect(result.code).toBe(1)
    expect(result.stdout).toContain(
      [
        'flows/help-desk.test.yaml',
        '  ✗ strategy "help-desk" or one it calls is declared by more than one file; give each strategy its own id',
        '    flows/help-desk.strategy.yaml:1:11  error  RW094  Strategy id "help-desk" is also used by flows/archive/help-desk.strategy.yaml:1:11; give each strategy its own id so calls and tests find the right one',
      ].join('\n'),
    )
    expect(result.stdout).toMatch(/\n0 passed, 0 failed, 1 test file could not run\n$/)
  })

  it('[RW094] test of two strategy files named that share the tested id refuses it (neither settles which)', async () => {
    const cwd = twinHelpDesks({
      'a/help-desk.test.yaml': tests.replace('../env/test.directory.yaml', '../env.directory.yaml'),
    })
    const result = await routewright(['test', 'a/help-desk.strategy.yaml', 'b/help-desk.strategy.yaml'], cwd)
    expect(result.code).toBe(1)
    expect(result.stdout).toContain(
      '    b/help-desk.strategy.yaml:1:11  error  RW094  Strategy id "help-desk" is also used by a/help-desk.strategy.yaml:1:11;',
    )
  })

  it('[RW094] run refuses a strategy whose subroutine is declared by two files', async () => {
    const cwd = twinHelpDesks({ 'front.strategy.yaml': front })
    const result = await routewright(['run', 'front.strategy.yaml', '--interaction', '{}'], cwd)
    expect([result.code, result.stdout]).toEqual([1, ''])
    expect(result.stderr).toBe(
      'b/help-desk.strategy.yaml:1:11  error  RW094  Strategy id "help-desk" is also used by a/help-desk.strategy.yaml:1:11; give each strategy its own id so calls and tests find the right one\n' +
        'Fix these errors first (routewright validate shows them all)\n',
    )
  })

  it('[RW094] simulate refuses it too', async () => {
    const cwd = twinHelpDesks({ 'front.strategy.yaml': front })
    const result = await routewright(
      ['simulate', 'front.strategy.yaml', '--arrivals', '20/h', '--aht', '180', '--hours', '1'],
      cwd,
    )
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(
      /^b\/help-desk\.strategy\.yaml:1:11 {2}error {2}RW094 {2}Strategy id "help-desk" is also used by a\/help-desk\.strategy\.yaml:1:11;/,
    )
  })

  it('[RW094] validate names the other file with its line and column', async () => {
    const cwd = twinHelpDesks()
    const result = await routewright(['validate'], cwd)
    expect(result.code).toBe(1)
    expect(result.stdout).toContain(
      'b/help-desk.strategy.yaml:1:11  error  RW094  Strategy id "help-desk" is also used by a/help-desk.strategy.yaml:1:11;',
    )
  })
})
