import { chmodSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { workspace } from './helpers.ts'
import { routewrightInProcess } from './in-process.ts'

// three misspelt names: the outcome first (the shape), then the two routes the graph check finds once it is right
const twoRoutes = `strategy: x
format: 1
start: a
nodes:
  a:
    type: switch
    cases: [{ when: "true", next: "dnoe" }]
    default: secnd
  second: { type: end, outcome: abandn }
  done: { type: end, outcome: default-route }
`
const endOnly = (id: string) => `strategy: ${id}
format: 1
start: a
nodes:
  a: { type: end, outcome: abandn }
`

describe('routewright validate --fix', () => {
  it('writes only the fixes of misspelt names, round after round, and reports what it changed and what is left', async () => {
    const cwd = workspace({
      'two.strategy.yaml': twoRoutes,
      'bom.strategy.yaml': `\ufeff${endOnly('y').replace('\n', '\r\n')}`,
      'ro.strategy.yaml': endOnly('z'),
      // a fix the DSL cannot give for a file it cannot read: left byte for byte
      'broken.strategy.yaml': `${endOnly('w')}  b: [\n`,
    })
    const file = (name: string) => path.join(cwd, name)
    chmodSync(file('ro.strategy.yaml'), 0o444)
    const result = await routewrightInProcess(['validate', '.', '--fix'], cwd)
    expect(result.stderr.split('\n').filter(Boolean).sort()).toEqual([
      'fix: ro.strategy.yaml left as it is: it is read-only (mode 0444); make it writable (chmod u+w) to fix it',
      'fixed bom.strategy.yaml:5: "abandn" -> "abandon"',
      'fixed two.strategy.yaml:7: "dnoe" -> "done"',
      'fixed two.strategy.yaml:8: "secnd" -> "second"',
      'fixed two.strategy.yaml:9: "abandn" -> "abandon"',
      // ro.strategy.yaml (left as it is) and broken.strategy.yaml still do not parse
      'note: 2 strategy files have errors: their expressions, names and paths are not checked until these are fixed',
      'note: No directory file among the inputs, beside the strategies given or above them: group, skill, queue and calendar names are not checked; give --directory <file>.directory.yaml',
    ])
    expect(readFileSync(file('two.strategy.yaml'), 'utf8')).toBe(
      twoRoutes.replace('"dnoe"', '"done"').replace('secnd', 'second').replace('abandn', 'abandon'),
    )
    // the byte order mark and CRLF line ends stay; only the name changed
    expect(readFileSync(file('bom.strategy.yaml'), 'utf8')).toBe(
      `\ufeff${endOnly('y').replace('\n', '\r\n').replace('abandn', 'abandon')}`,
    )
    expect(readFileSync(file('ro.strategy.yaml'), 'utf8')).toBe(endOnly('z'))
    expect(statSync(file('ro.strategy.yaml')).mode & 0o777).toBe(0o444)
    expect(readFileSync(file('broken.strategy.yaml'), 'utf8')).toBe(`${endOnly('w')}  b: [\n`)
    // the report is of the files as they are now: the read-only file's finding and the syntax error remain
    expect(result.stdout).toMatch(/^✗ 2 errors, 0 warnings in 2 files \(4 files checked\)$/m)
    expect(result.stdout).not.toContain('two.strategy.yaml')
    expect(result.code).toBe(1)
  })

  it('refuses standard input: it has no file to write', async () => {
    const cwd = workspace({})
    const result = await routewrightInProcess(
      ['validate', '-', '--fix', '--stdin-filename', 'x.strategy.yaml'],
      cwd,
    )
    expect(result.stderr).toBe(
      'error: validate --fix writes files: it cannot fix standard input\nhint: Name the file instead of -\n',
    )
    expect(result.code).toBe(2)
  })
  it("fixes alarms.yaml's misspelt targets too: a group, and a skill target written with other spacing", async () => {
    const cwd = workspace({
      's.strategy.yaml': `strategy: s
format: 1
start: a
nodes:
  a: { type: target, targets: [{ group: support }, { skill: skills.english >= 5 }], next: { timeout: done, error: done } }
  done: { type: end, outcome: default-route }
`,
      'env.directory.yaml':
        'directory: env\nformat: 1\ngroups:\n  support: {}\n  supports: {}\nskills:\n  english: {}\n',
      'alarms.yaml': `alarms: center
format: 1
rules:
  sl: { figure: service-level, queue: "group:supports", below: 0.8 }
  en: { figure: waiting, queue: "skill:skills.english>=5", above: 3 }
`,
    })
    const result = await routewrightInProcess(['validate', '.', '--fix'], cwd)
    expect(result.stderr.split('\n').filter(Boolean).sort()).toEqual([
      'fixed alarms.yaml:4: "supports" -> "support"',
      'fixed alarms.yaml:5: "skills.english>=5" -> "skills.english >= 5"',
    ])
    expect(readFileSync(path.join(cwd, 'alarms.yaml'), 'utf8')).toContain(
      'queue: "group:support", below: 0.8 }\n  en: { figure: waiting, queue: "skill:skills.english >= 5", above: 3 }',
    )
    expect(result.stdout).toMatch(/no problems/i)
    expect(result.code).toBe(0)
  })
})
