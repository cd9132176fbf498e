// The commands the READMEs show, run as written: the root README's check/test/simulate block against examples/, and
// the cli README's `console` examples (where-used, diff) with the output lines they show, so a changed flag or
// output format cannot leave a newcomer with a command that fails or prints something else.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { repoRoot, workspace } from './helpers.ts'
import { routewrightInProcess } from './in-process.ts'

/** The body of the first fenced block of `doc` whose opening line is "```<lang>" and that holds `needle`. */
function block(doc: string, lang: string, needle: string): string {
  const text = readFileSync(path.join(repoRoot, doc), 'utf8')
  const found = [...text.matchAll(/```(\w*)\n([\s\S]*?)```/g)].find(
    (m) => m[1] === lang && m[2]!.includes(needle),
  )
  if (!found) throw new Error(`${doc} has no \`\`\`${lang} block with ${needle}`)
  return found[2]!
}

/** A shown command line's arguments after `routewright`, its trailing `# comment` dropped. */
function argsOf(line: string): string[] {
  return line
    .replace(/\s#.*$/, '')
    .trim()
    .split(/\s+/)
    .slice(1)
}

/** A `console` block: the command after `$ `, and the output lines shown (an elided `...` line left out). */
function consoleExample(doc: string, needle: string): { args: string[]; shown: string[] } {
  const [command = '', ...output] = block(doc, 'console', needle).trimEnd().split('\n')
  const args = argsOf(command.replace(/^\$ /, '').replace(/^.*\| /, ''))
  return { args, shown: output.filter((line) => line.trim() !== '...') }
}

/** The shown lines appear in the output in that order (an elided part may sit between them). */
function inOrder(output: string, shown: string[]): string[] {
  const lines = output.trimEnd().split('\n')
  let at = 0
  const missing: string[] = []
  for (const line of shown) {
    const found = lines.indexOf(line, at)
    if (found === -1) missing.push(line)
    else at = found + 1
  }
  return missing
}

describe("the root README's check, test and simulate commands", () => {
  const commands = block('README.md', 'sh', 'routewright validate examples')
    .split('\n')
    .filter((line) => line.startsWith('routewright '))

  it('are the four the README lists', () => {
    expect(commands.map((line) => argsOf(line)[0])).toEqual(['validate', 'test', 'simulate', 'diff'])
  })

  it.each([
    ['validate', /^✓ \d+ files checked, no problems$/m],
    ['test', /^\d+ passed, 0 failed$/m],
    ['simulate', /^offered \d+, answered \d+, abandoned \d+, other \d+$/m],
  ])('%s runs on examples/ from the repository root as written', async (name, line) => {
    const args = argsOf(commands.find((command) => argsOf(command)[0] === name)!)
    const result = await routewrightInProcess(args, repoRoot)
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(line)
  })

  it('diff compares two versions named as written', async () => {
    const args = argsOf(commands.find((command) => argsOf(command)[0] === 'diff')!)
    const example = readFileSync(path.join(repoRoot, 'examples/vip-routing.strategy.yaml'), 'utf8')
    const cwd = workspace({ [args[1]!]: example, [args[2]!]: example.replace('wait: 1m', 'wait: 2m') })
    const result = await routewrightInProcess(args, cwd)
    expect(result.stderr).toBe('')
    expect(result.stdout).toContain('~ wait: "1m" -> "2m"')
    expect(result.code).toBe(1)
  })
})

describe("the cli README's console examples", () => {
  it('where-used support_fr --kind group, run in examples/, prints the lines shown', async () => {
    const { args, shown } = consoleExample('packages/cli/README.md', 'where-used support_fr')
    const result = await routewrightInProcess(args, path.join(repoRoot, 'examples'))
    expect(result.code).toBe(0)
    expect(inOrder(result.stdout, shown)).toEqual([])
  })

  it("diff - of the last commit's version prints the diff shown", async () => {
    const { args, shown } = consoleExample('packages/cli/README.md', 'routewright diff -')
    // the two versions the example compares: a variable, a target, a longer wait, a voicemail on timeout
    const before = `strategy: vip
format: 1
start: queue
nodes:
  queue:
    type: target
    targets: [{ group: vip_team }]
    wait: 30s
    next: { timeout: done, error: done }
  done: { type: end, outcome: default-route }
`
    const after = `strategy: vip
format: 1
variables:
  tries: { type: int, default: 0 }
start: queue
nodes:
  queue:
    type: target
    targets: [{ group: vip_team }, { agent: ann }]
    wait: 45s
    next: { timeout: voicemail, error: done }
  voicemail: { type: route, destination: voicemail }
  done: { type: end, outcome: default-route }
`
    const cwd = workspace({ [args[2]!]: after })
    const result = await routewrightInProcess(args, cwd, before)
    expect(result.code).toBe(1)
    expect(result.stdout.trimEnd().split('\n')).toEqual(shown)
  })
})
