import { execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { expect, it } from 'vitest'
import { spawnLspClient } from './lsp-client.ts'

const repo = path.resolve(import.meta.dirname, '../../..')

it('every example names its JSON Schema for the YAML extension, and .vscode/settings.json maps the globs', () => {
  const examples = readdirSync(path.join(repo, 'examples')).filter((name) => name.endsWith('.yaml'))
  expect(examples.length).toBeGreaterThan(10)
  for (const name of examples) {
    // serve's alarms.yaml has its schema in the server package, the DSL's three kinds in the DSL's
    const schema =
      name === 'alarms.yaml'
        ? 'server/schema/alarms'
        : `strategy-dsl/schema/${/\.(strategy|directory|test)\.yaml$/.exec(name)![1]}`
    expect(readFileSync(path.join(repo, 'examples', name), 'utf8').split('\n')[0]).toBe(
      `# yaml-language-server: $schema=../packages/${schema}.schema.json`,
    )
  }
  const settings = JSON.parse(readFileSync(path.join(repo, '.vscode/settings.json'), 'utf8'))
  for (const [schema, globs] of Object.entries(settings['yaml.schemas'] as Record<string, string[]>)) {
    expect(readFileSync(path.join(repo, schema), 'utf8')).toContain('"$schema"')
    const kind = path.basename(schema).split('.')[0]
    expect(globs.some((glob) => glob.startsWith(`*.${kind}.`) || glob === `${kind}.yaml`)).toBe(true)
  }
})

it('builds a .vsix holding the extension, its bundled server and the schemas; the server answers LSP', async () => {
  execFileSync('npm', ['run', 'vsix', '-w', 'routewright-vscode'], { cwd: repo, stdio: 'pipe' })
  const vsix = path.join(repo, 'editors/vscode/dist/routewright-vscode-0.1.0.vsix')
  const listing = execFileSync('node', ['-e', listZip, vsix], { encoding: 'utf8' }).trim().split('\n')
  expect(listing).toEqual([
    '[Content_Types].xml',
    'extension.vsixmanifest',
    'extension/dist/extension.js',
    'extension/dist/server.mjs',
    'extension/dist/test-run-worker.mjs',
    'extension/package.json',
    'extension/readme.md',
    'extension/schema/alarms.schema.json',
    'extension/schema/directory.schema.json',
    'extension/schema/strategy.schema.json',
    'extension/schema/test.schema.json',
  ])
  // started as vscode-languageclient starts a server module over stdio: the extension's args, then its own
  const client = await spawnLspClient(path.join(repo, 'editors/vscode/dist/server.mjs'), [
    'lsp',
    '--stdio',
    '--stdio',
    `--clientProcessId=${process.pid}`,
  ])
  expect(client.initialized).toMatchObject({
    serverInfo: { name: 'routewright' },
    capabilities: { renameProvider: { prepareProvider: true } },
  })
  await client.close()
  expect(await client.exitCode()).toBe(0)

  // a test case from the editor runs on the worker thread bundled beside the server (dist/test-run-worker.mjs)
  const root = mkdtempSync(path.join(tmpdir(), 'rw-vsix-tests-'))
  try {
    for (const name of readdirSync(path.join(repo, 'examples')).filter((n) => n.endsWith('.yaml')))
      cpSync(path.join(repo, 'examples', name), path.join(root, name))
    const inRoot = await spawnLspClient(
      path.join(repo, 'editors/vscode/dist/server.mjs'),
      ['lsp', '--stdio'],
      {
        cwd: root,
        root,
      },
    )
    const answer = (await inRoot.connection.sendRequest('workspace/executeCommand', {
      command: 'routewright.runTests',
      arguments: [{ uri: pathToFileURL(path.join(root, 'vip-routing.test.yaml')).href, case: GOLD }],
    })) as { files: Array<{ cases: Array<{ name: string; passed: boolean }> }> }
    expect(answer.files[0]!.cases).toMatchObject([{ name: GOLD, passed: true }])
    await inRoot.close()
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}, 120_000)

const GOLD = 'gold tier attached goes to the VIP desk, longest idle agent first'

// reads the central directory of a zip: the names in order (no unzip tool needed)
const listZip = `
const b = require('fs').readFileSync(process.argv[1]);
const end = b.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
let at = b.readUInt32LE(end + 16);
const n = b.readUInt16LE(end + 10);
for (let i = 0; i < n; i++) {
  const len = b.readUInt16LE(at + 28), extra = b.readUInt16LE(at + 30), comment = b.readUInt16LE(at + 32);
  console.log(b.toString('utf8', at + 46, at + 46 + len));
  at += 46 + len + extra + comment;
}`
