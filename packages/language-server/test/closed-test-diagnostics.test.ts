// A test file no editor shows keeps its last run's failures in the Problems view: they are checked again when its
// strategy changes (typed in an open document, or on disk through a file event) and cleared when the file is
// deleted. The built `routewright lsp --stdio` over stdio on a copy of `examples/`.
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { expect, it } from 'vitest'
import { testRunServers } from './test-run-server.ts'

const serverOn = testRunServers('rw-lsp-closed-tests-')

const VIP_TEST = 'vip-routing.test.yaml'
const VIP_STRATEGY = 'vip-routing.strategy.yaml'
const GOLD = 'gold tier attached goes to the VIP desk, longest idle agent first'
const STALE = '(stale: the test file or its strategy changed since this run)'
const examples = path.resolve(import.meta.dirname, '../../../examples')
/** The example's test file with one expectation the strategy does not meet (erin answers, not ann). */
const failing = readFileSync(path.join(examples, VIP_TEST), 'utf8').replace('agent: erin', 'agent: ann')

it("re-checks a closed test file's failures when its strategy changes, and clears them when the file is deleted", async () => {
  const { root, client, uri, text, run } = await serverOn({ [VIP_TEST]: failing }, { validationDelayMs: 20 })
  const file = uri(VIP_TEST)
  const strategy = uri(VIP_STRATEGY)
  const saved = text(VIP_STRATEGY)
  const changedOnDisk = (name: string, type: 1 | 2 | 3) =>
    client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: uri(name), type }],
    })
  const failure = (stale: boolean) => (d: Array<{ code: string; message: string }>) =>
    d.length === 1 && d[0]!.code === 'RW099' && d[0]!.message.includes(STALE) === stale

  // run while closed: its failure is in the Problems view, no editor showing the file
  expect((await run({ uri: file, case: GOLD })).summary.failed).toBe(1)
  const [ran] = await client.waitFor(file, failure(false))
  expect(ran!.message).toMatch(/^Test "gold tier attached .*" failed: agent: expected "ann", got "erin"/)

  // 1. the strategy changed on disk (a git checkout, another editor): a file event, then the failure is stale
  writeFileSync(path.join(root, VIP_STRATEGY), `# edited\n${saved}`)
  void changedOnDisk(VIP_STRATEGY, 2)
  await client.waitFor(file, failure(true))

  // and written back: the text that ran, so no longer stale
  writeFileSync(path.join(root, VIP_STRATEGY), saved)
  void changedOnDisk(VIP_STRATEGY, 2)
  await client.waitFor(file, failure(false))

  // 2. typed in an open document, then typed back
  client.open(strategy, saved)
  client.change(strategy, 2, saved.replace('strategy: vip-routing', 'strategy: vip-routing # edited'))
  await client.waitFor(file, failure(true))
  client.change(strategy, 3, saved)
  await client.waitFor(file, failure(false))
  void client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: strategy } })

  // 3. the strategy deleted, then created again: its tests' results are stale while it is gone
  rmSync(path.join(root, VIP_STRATEGY))
  void changedOnDisk(VIP_STRATEGY, 3)
  await client.waitFor(file, failure(true))
  writeFileSync(path.join(root, VIP_STRATEGY), saved)
  void changedOnDisk(VIP_STRATEGY, 1)
  await client.waitFor(file, failure(false))

  // 4. the test file deleted: nothing of it is left in the Problems view
  rmSync(path.join(root, VIP_TEST))
  void changedOnDisk(VIP_TEST, 3)
  expect(await client.waitFor(file, (d) => d.length === 0)).toEqual([])
}, 60_000)
