// `routewright serve` says what its workspace walk skipped (a FIFO or folder named like a strategy: RW091) as
// structured warn lines, at start and when a reload finds another set; checked on the real CLI process.
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { eventually } from '@routewright/node-support/testing'
import { describe, expect, it } from 'vitest'
import { makeWorkspace } from './helpers.ts'
import { call, startServeProcess } from './serve-process.ts'
import { readEvents } from './sse-client.ts'
import { startedInEachTest } from './started.ts'

const started = startedInEachTest()

/** The RW091 warn lines of a serve log, as `file: message`. */
function skippedLines(log: string): string[] {
  return readFileSync(log, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line.level === 'warn' && line.code === 'RW091')
    .map((line) => `[${line.file}] ${line.msg}`)
}

describe('serve and the entries its workspace walk skipped', { timeout: 60_000 }, () => {
  it('[RW091] starts beside a FIFO and a folder named like strategies, warns of each once, and again on reload only for a new one', async () => {
    const workspace = makeWorkspace()
    started.workspace = workspace
    execFileSync('mkfifo', [path.join(workspace.dir, 'x.strategy.yaml')])
    mkdirSync(path.join(workspace.dir, 'y.strategy.yaml'))
    const p = await startServeProcess(workspace.dir, [])
    started.processes.push(p)
    const first = [
      '[x.strategy.yaml] x.strategy.yaml: not a regular file (a named pipe (FIFO)), skipped. Rename or remove it: only regular files are read.',
      '[y.strategy.yaml] y.strategy.yaml: not a regular file (a folder), skipped. Rename or remove it: only regular files are read.',
    ]
    expect(await eventually(() => skippedLines(p.log).length === 2 && skippedLines(p.log))).toEqual(first)
    // an unchanged set is not said again
    expect((await call(`${p.url}/v1/reload`, 'POST')).status).toBe(200)
    expect(skippedLines(p.log)).toEqual(first)
    execFileSync('mkfifo', [path.join(workspace.dir, 'z.strategy.yaml')])
    expect((await call(`${p.url}/v1/reload`, 'POST')).status).toBe(200)
    const again = await eventually(() => skippedLines(p.log).length === 5 && skippedLines(p.log))
    expect(again.slice(2)).toEqual([
      ...first,
      '[z.strategy.yaml] z.strategy.yaml: not a regular file (a named pipe (FIFO)), skipped. Rename or remove it: only regular files are read.',
    ])
  })
})

describe('a reload and the entries its walk skipped', { timeout: 60_000 }, () => {
  it('[RW091] an applied reload answers with them, a refused one carries them beside its errors (answer and log)', async () => {
    const workspace = makeWorkspace()
    started.workspace = workspace
    const p = await startServeProcess(workspace.dir, [])
    started.processes.push(p)
    execFileSync('mkfifo', [path.join(workspace.dir, 'x.strategy.yaml')])
    const applied = await call(`${p.url}/v1/reload`, 'POST')
    expect(applied.status).toBe(200)
    const said = (body: string) =>
      ((JSON.parse(body) as { skipped?: { code: string; file: string }[] }).skipped ?? []).map(
        (d) => `${d.code} ${d.file}`,
      )
    expect(said(applied.text)).toEqual(['RW091 x.strategy.yaml'])
    // a broken strategy beside the pipe: the refusal names the error and the pipe, so a vanished strategy has a why
    writeFileSync(path.join(workspace.dir, 'broken.strategy.yaml'), 'strategy: [')
    const refused = await call(`${p.url}/v1/reload`, 'POST')
    expect(refused.status).toBe(422)
    expect(said(refused.text)).toEqual(['RW091 x.strategy.yaml'])
    const line = await eventually(() =>
      readFileSync(p.log, 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { msg: string; skipped?: string[] })
        .find((l) => l.msg.startsWith('workspace change refused')),
    )
    expect(line.skipped).toEqual([
      'x.strategy.yaml: warning RW091 not a regular file (a named pipe (FIFO)), skipped. Rename or remove it: only regular files are read.',
    ])
  })
})

describe('more skipped entries than a message lists', { timeout: 60_000 }, () => {
  it('[RW091] a refused reload sends 20 of 25 and the total 25, in its answer and its reload-refused event', async () => {
    const workspace = makeWorkspace()
    started.workspace = workspace
    const p = await startServeProcess(workspace.dir, [])
    started.processes.push(p)
    for (let n = 0; n < 25; n++) execFileSync('mkfifo', [path.join(workspace.dir, `p${n}.strategy.yaml`)])
    writeFileSync(path.join(workspace.dir, 'broken.strategy.yaml'), 'strategy: [')
    const refused = await call(`${p.url}/v1/reload`, 'POST')
    expect(refused.status).toBe(422)
    const answer = JSON.parse(refused.text) as { skipped: unknown[]; skippedTotal: number }
    // the list stays capped (it bounds the message); the total is what a reader shows as "n more"
    expect([answer.skipped.length, answer.skippedTotal]).toEqual([20, 25])
    const isRefusal = (f: { event?: string }) => f.event === 'reload-refused'
    const frames = await readEvents(`${p.url}/v1/events?lastEventId=0`, 1000, {}, isRefusal)
    const event = frames.find(isRefusal)
    const data = JSON.parse(event!.data!) as { skipped: unknown[]; skippedTotal: number }
    expect([data.skipped.length, data.skippedTotal]).toEqual([20, 25])
  })
})
