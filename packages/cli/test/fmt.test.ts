import { execFile } from 'node:child_process'
import { chmodSync, chownSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { binary, workspace } from './helpers.ts'
import { routewrightInProcess } from './in-process.ts'

const untidy = `# Routing for the help desk: keep this comment.
nodes:
  done:
    outcome: default-route   # why we stop here
    type: end
  queue:
    next: { error: done, timeout: done }
    wait: 90s
    targets: [{ group: support }]
    type: target
start: queue
format: 1
strategy: help-desk
`

describe('routewright fmt', () => {
  it('--check lists files that would change, exits 1 and writes nothing', async () => {
    const cwd = workspace({ 'help.strategy.yaml': untidy })
    const result = await routewrightInProcess(['fmt', '--check'], cwd)
    expect(result.code).toBe(1)
    expect(result.stdout).toBe('would reformat help.strategy.yaml\n')
    expect(readFileSync(path.join(cwd, 'help.strategy.yaml'), 'utf8')).toBe(untidy)
  })

  it('rewrites in canonical form, keeping comments and the file mode, and is then clean', async () => {
    const cwd = workspace({ 'help.strategy.yaml': untidy })
    const file = path.join(cwd, 'help.strategy.yaml')
    chmodSync(file, 0o640)
    const result = await routewrightInProcess(['fmt', '.'], cwd)
    expect(result.code).toBe(0)
    expect(result.stdout).toBe('formatted help.strategy.yaml\n')
    const text = readFileSync(file, 'utf8')
    expect(text).toContain('# Routing for the help desk: keep this comment.')
    expect(text).toContain('# why we stop here')
    expect(text.indexOf('strategy: help-desk')).toBeLessThan(text.indexOf('nodes:'))
    expect(text).toContain('1m30s')
    expect(statSync(file).mode & 0o777).toBe(0o640)
    expect(readdirSync(cwd)).toEqual(['help.strategy.yaml'])
    const again = await routewrightInProcess(['fmt', '--check', '.'], cwd)
    expect(again.code).toBe(0)
    expect(again.stdout).toBe('')
  })

  it('keeps CRLF line ends: --check and --diff see only the layout, fmt writes CRLF back', async () => {
    const crlf = (text: string) => text.replace(/\n/g, '\r\n')
    const cwd = workspace({ 'help.strategy.yaml': crlf(untidy) })
    const file = path.join(cwd, 'help.strategy.yaml')
    const diff = await routewrightInProcess(['fmt', '--diff'], cwd)
    expect(diff.code).toBe(1)
    expect(diff.stdout).toContain('+strategy: help-desk\r\n')
    // every added line keeps its CR: the diff is the layout, not every line's ending
    const added = diff.stdout.split('\n').filter((line) => line.startsWith('+') && !line.startsWith('+++'))
    expect(added.length).toBeGreaterThan(3)
    for (const line of added) expect(line.endsWith('\r')).toBe(true)
    expect((await routewrightInProcess(['fmt'], cwd)).code).toBe(0)
    const text = readFileSync(file, 'utf8')
    expect(text.match(/\r\n/g)?.length).toBe(text.match(/\n/g)?.length)
    expect(text.replace(/\r\n/g, '\n')).toContain('strategy: help-desk\nformat: 1\n')
    const again = await routewrightInProcess(['fmt', '--check'], cwd)
    expect(again.code).toBe(0)
    expect(again.stderr).toContain('0 of 1 file would be reformatted, 1 already canonical')
  })

  it('keeps a byte order mark a Windows editor saved, with its CRLF line ends', async () => {
    const BOM = '\ufeff'
    const cwd = workspace({ 'help.strategy.yaml': `${BOM}${untidy.replace(/\n/g, '\r\n')}` })
    const file = path.join(cwd, 'help.strategy.yaml')
    expect((await routewrightInProcess(['fmt'], cwd)).code).toBe(0)
    const bytes = readFileSync(file)
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = bytes.toString('utf8')
    expect(text.slice(1).startsWith('# Routing for the help desk')).toBe(true)
    expect(text.match(/\r\n/g)?.length).toBe(text.match(/\n/g)?.length)
    const again = await routewrightInProcess(['fmt', '--check'], cwd)
    expect(again.code).toBe(0)
    expect(again.stderr).toContain('1 already canonical')
  })

  it('quotes line 1 of a file with a byte order mark without the mark', async () => {
    const cwd = workspace({ 'help.strategy.yaml': `\ufeffstrategy: [\n` })
    const result = await routewrightInProcess(['fmt', '--check'], cwd)
    expect(result.code).toBe(1)
    expect(result.stderr).not.toContain('\ufeff')
    expect(result.stderr).toContain('| strategy: [')
  })

  it('never writes a file that does not parse, and says why', async () => {
    const broken = 'strategy: x\nformat: 1\nnodes: [unclosed\n'
    const cwd = workspace({ 'bad.strategy.yaml': broken })
    const result = await routewrightInProcess(['fmt'], cwd)
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/^bad\.strategy\.yaml:\d+:\d+ {2}error {2}RW0\d\d {2}.*\(not formatted\)$/m)
    expect(readFileSync(path.join(cwd, 'bad.strategy.yaml'), 'utf8')).toBe(broken)
  })

  it('leaves a read-only file as it is and says how to format it, formatting the others', async () => {
    const cwd = workspace({
      'help.strategy.yaml': untidy,
      'other.strategy.yaml': untidy.replace('help-desk', 'other'),
    })
    const file = path.join(cwd, 'help.strategy.yaml')
    chmodSync(file, 0o444)
    const result = await routewrightInProcess(['fmt', '.'], cwd)
    expect(result.code).toBe(1)
    expect(result.stdout).toBe('formatted other.strategy.yaml\n')
    expect(result.stderr).toContain(
      'help.strategy.yaml  error  RW090  The file is read-only (mode 0444), so fmt left it as it is: make it writable (chmod u+w) to format it, or leave it out (not formatted)',
    )
    expect(readFileSync(file, 'utf8')).toBe(untidy)
    expect(statSync(file).mode & 0o777).toBe(0o444)
    expect(readdirSync(cwd).sort()).toEqual(['help.strategy.yaml', 'other.strategy.yaml'])
  })

  it('names a duration too long to write back where it is, instead of a formatter fault to report', async () => {
    const huge = untidy.replace('wait: 90s', 'wait: 9999999999999999999999999999h')
    const cwd = workspace({ 'help.strategy.yaml': huge })
    const result = await routewrightInProcess(['fmt', '.'], cwd)
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(
      'help.strategy.yaml:8:11  error  RW024  "wait" is the text "9999999999999999999999999999h", too long to be a duration',
    )
    expect(result.stderr).not.toContain('RW096')
    expect(readFileSync(path.join(cwd, 'help.strategy.yaml'), 'utf8')).toBe(huge)
  })

  it('leaves JSON strategy files as they are instead of turning them into YAML', async () => {
    const json =
      '{"strategy":"j","format":1,"start":"done","nodes":{"done":{"type":"end","outcome":"default-route"}}}'
    const cwd = workspace({ 'j.strategy.json': json })
    const result = await routewrightInProcess(['fmt'], cwd)
    expect(result.code).toBe(0)
    expect(result.stderr).toContain(
      'note: j.strategy.json left as it is: fmt writes YAML, and this is a JSON file',
    )
    expect(readFileSync(path.join(cwd, 'j.strategy.json'), 'utf8')).toBe(json)
  })

  it('leaves a named alarms.yaml as it is with a note, instead of calling it not a Routewright file', async () => {
    const alarms = 'alarms: a\nformat: 1\nrules: {}\n'
    const cwd = workspace({ 'alarms.yaml': alarms })
    const result = await routewrightInProcess(['fmt', 'alarms.yaml'], cwd)
    expect(result.code).toBe(0)
    expect(result.stderr).toContain('note: alarms.yaml left as it is: fmt has no canonical form for it')
    expect(readFileSync(path.join(cwd, 'alarms.yaml'), 'utf8')).toBe(alarms)
  })

  it('leaves canonical examples unchanged', async () => {
    const result = await routewrightInProcess(
      ['fmt', '--check', path.resolve(import.meta.dirname, '../../../examples')],
      workspace(),
    )
    expect(result.stdout).toBe('')
    expect(result.code).toBe(0)
  })
})

// root passes every permission check, so the built binary runs as nobody (setpriv), as the designer's tests do
const asNobody = process.getuid?.() === 0 && existsSync('/usr/bin/setpriv')

describe.skipIf(!asNobody)('routewright fmt as a user who may not write the folder', () => {
  it('says the folder is not writable and leaves the file as it is', async () => {
    const cwd = workspace({ 'help.strategy.yaml': untidy })
    const file = path.join(cwd, 'help.strategy.yaml')
    // nobody may read the folder and write the file, but not make the temporary file beside it
    chmodSync(cwd, 0o755)
    chownSync(file, 65534, 65534)
    const nobody = ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, binary]
    const run = await promisify(execFile)('setpriv', [...nobody, 'fmt', '--no-color', 'help.strategy.yaml'], {
      cwd,
    }).catch((error: { code: number; stdout: string; stderr: string }) => error)
    expect(run.stderr).toContain(
      'help.strategy.yaml  error  RW090  Could not write the file (EACCES): the folder is not writable (fmt writes a temporary file beside the file); allow writing in it; it was left as it is (not formatted)',
    )
    expect(readFileSync(file, 'utf8')).toBe(untidy)
    expect(readdirSync(cwd)).toEqual(['help.strategy.yaml'])
  })
})
