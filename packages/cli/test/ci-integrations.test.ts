import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, symlinkSync } from 'node:fs'
import path from 'node:path'
import { formatDirectoryText, formatStrategyText, formatTestText } from '@routewright/strategy-dsl'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { binary, directory, repoRoot, strategy, workspace } from './helpers.ts'

interface Step {
  id: string
  run: string
  shell: string
  env?: Record<string, string>
}

// canonical fixtures, so only the untidy one is reported by fmt
const broken = formatStrategyText(strategy('b')).replace('timeout: done', 'timeout: dnoe')
const helpDesk = formatStrategyText(strategy('help-desk'))
const env = formatDirectoryText(directory)
const untidy = 'strategy: s\nformat: 1\nnodes:\n  a: { outcome: reject, type: end }\nstart: a\n'
const testFile = formatTestText(`tests: help-desk
format: 1
directory: env.directory.yaml
scenarios:
  - { name: ann answers, interaction: { media: voice }, agents: { ann: ready }, expect: { outcome: routed } }
`)

/** Runs `script` with bash as a runner would: in `cwd`, with `env` added and the action's folder set. */
function bash(script: string, cwd: string, env: Record<string, string> = {}) {
  return spawnSync('bash', ['-e', '-c', script], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', GITHUB_ACTION_PATH: repoRoot, ...env },
  })
}

describe('action.yml', () => {
  const action = parse(readFileSync(path.join(repoRoot, 'action.yml'), 'utf8'))
  const steps = action.runs.steps as Step[]
  const inputs = (values: Record<string, string>) => (text: string) =>
    text.replace(
      /\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g,
      (_, name: string) => values[name] ?? action.inputs[name]?.default ?? '',
    )

  it('is a composite action whose steps validate with annotations, check formatting and write JUnit', () => {
    expect(action.runs.using).toBe('composite')
    expect(steps.map((s) => s.id)).toEqual(['install', 'validate', 'fmt', 'test'])
  })

  // these two spawn the built binary one process after another (four in the hook test): the project's 30 s hang
  // guard cut one at load 20 in CI (45 s), so they get 120 s; still a hang guard, not a speed check
  it('runs its steps: annotations for errors, files to format listed, a JUnit report written', () => {
    const cwd = workspace({
      'flows/b.strategy.yaml': broken,
      'flows/s.strategy.yaml': untidy,
      'flows/help.strategy.yaml': helpDesk,
      'flows/env.directory.yaml': env,
      'flows/help.test.yaml': testFile,
    })
    const fill = inputs({ paths: 'flows', junit: 'reports/junit.xml' })
    const results: Record<string, ReturnType<typeof bash>> = Object.fromEntries(
      steps
        .filter((step) => step.id !== 'install') // the bundle is built already for these tests
        .map((step) => {
          expect(step.shell).toBe('bash')
          const env = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, fill(v)]))
          return [step.id, bash(step.run, cwd, env)]
        }),
    )
    expect(results.validate!.status).toBe(1)
    expect(results.validate!.stdout).toMatch(
      /^::error file=flows\/b\.strategy\.yaml,line=10,col=22,endLine=10,endColumn=26,title=RW102::RW102 /m,
    )
    expect(results.fmt!.status).toBe(1)
    expect(results.fmt!.stdout).toBe('would reformat flows/s.strategy.yaml\n')
    expect(results.test!.status).toBe(0)
    expect(results.test!.stdout).toBe('JUnit report: reports/junit.xml\n')
    expect(readFileSync(path.join(cwd, 'reports/junit.xml'), 'utf8')).toContain(
      '<testcase classname="help-desk" name="ann answers"',
    )
  }, 120_000)
})

describe('.pre-commit-hooks.yaml', () => {
  const hooks = parse(readFileSync(path.join(repoRoot, '.pre-commit-hooks.yaml'), 'utf8')) as Array<{
    id: string
    entry: string
    files: string
    pass_filenames?: boolean
  }>

  /** What pre-commit runs for `hook` with these staged files: entry, then the matching file names. */
  function runHook(hook: (typeof hooks)[number], staged: string[], cwd: string) {
    const matching = staged.filter((file) => new RegExp(hook.files).test(file))
    if (matching.length === 0) return undefined
    const names = hook.pass_filenames === false ? [] : matching
    return bash([hook.entry, ...names.map((n) => `'${n}'`)].join(' '), cwd)
  }

  it('runs each hook entry through the project-installed binary, on the files pre-commit passes', () => {
    expect(hooks.map((h) => h.id)).toEqual(['routewright-validate', 'routewright-fmt', 'routewright-test'])
    const cwd = workspace({
      'b.strategy.yaml': broken,
      's.strategy.yaml': untidy,
      'help.strategy.yaml': helpDesk,
      'env.directory.yaml': env,
      'help.test.yaml': testFile,
      'README.md': '# not ours',
    })
    // as `npm install --save-dev routewright` would: a bin in node_modules/.bin
    mkdirSync(path.join(cwd, 'node_modules/.bin'), { recursive: true })
    symlinkSync(binary, path.join(cwd, 'node_modules/.bin/routewright'))
    const staged = ['s.strategy.yaml', 'b.strategy.yaml', 'README.md']
    const [validate, fmt, test] = hooks.map((hook) => runHook(hook, staged, cwd))
    expect(validate?.status).toBe(1)
    expect(validate?.stdout).toMatch(/b\.strategy\.yaml:10:22 {2}error {2}RW102/)
    expect(fmt?.stdout).toBe('formatted s.strategy.yaml\n')
    expect(readFileSync(path.join(cwd, 's.strategy.yaml'), 'utf8')).toMatch(
      /^strategy: s\nformat: 1\n\nstart: a\n/,
    )
    expect(test?.status).toBe(0)
    expect(test?.stdout).toMatch(/1 passed, 0 failed/)
    expect(runHook(hooks[1]!, ['README.md'], cwd)).toBeUndefined()
  }, 120_000)
})
