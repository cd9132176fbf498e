// `routewright serve`'s start, spawn to its "listening" line (what an operator waits at each restart or rolling
// deploy), alone and with --redis, beside a bare node:http server's spawn to listen (the floor no cut in serve can
// remove: Node's own start), in alternation so the machine's load falls on both alike. ROUTEWRIGHT_SERVE_CLI runs
// another build's CLI (a baseline beside this one).
import { spawn } from 'node:child_process'
import { startRedisServer } from '@routewright/node-support/testing'
import { type BenchFigure, median } from '../../../bench/result.ts'
import { makeWorkspace } from '../test/helpers.ts'
import { startServeProcess } from '../test/serve-process.ts'

const ROUNDS = Number(process.env.ROUTEWRIGHT_START_ROUNDS ?? 9)

/** Spawn to listening of a node:http server that does nothing else. */
function bareStart(): Promise<number> {
  const code = "require('node:http').createServer().listen(0, '127.0.0.1', () => process.stdout.write('up'))"
  const t0 = performance.now()
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] })
  return new Promise((resolve, reject) => {
    child.stdout.once('data', () => {
      const ms = performance.now() - t0
      child.kill('SIGKILL')
      child.once('close', () => resolve(ms))
    })
    child.once('error', reject)
  })
}

async function serveStart(dir: string, extra: string[]): Promise<number> {
  const t0 = performance.now()
  const p = await startServeProcess(dir, ['--log-level', 'warn', ...extra])
  const ms = performance.now() - t0
  await p.kill('SIGKILL')
  return ms
}

export async function runServeStartBench(): Promise<BenchFigure[]> {
  const workspace = makeWorkspace()
  const redis = await startRedisServer()
  try {
    const bare: number[] = []
    const alone: number[] = []
    const onRedis: number[] = []
    for (let i = 0; i < ROUNDS; i++) {
      bare.push(await bareStart())
      alone.push(await serveStart(workspace.dir, []))
      // a prefix of its own each time: every start takes the routing lease, as the first process of a deploy does
      onRedis.push(await serveStart(workspace.dir, ['--redis', redis.url, '--redis-prefix', `start${i}:`]))
    }
    const floor = median(bare)
    process.stderr.write(
      `serve start (ms) bare ${bare.map(Math.round)} | serve ${alone.map(Math.round)} | --redis ${onRedis.map(Math.round)}\n`,
    )
    return [
      { name: 'node:http bare start (spawn to listening)', value: floor, unit: 'ms', target: 1000 },
      {
        name: 'serve start (spawn to listening)',
        value: median(alone),
        unit: 'ms',
        target: 3000,
        ratio: median(alone) / floor,
      },
      {
        name: 'serve --redis start (spawn to listening, lease taken)',
        value: median(onRedis),
        unit: 'ms',
        target: 3000,
        ratio: median(onRedis) / floor,
      },
    ]
  } finally {
    await redis.stop()
    workspace.remove()
  }
}
