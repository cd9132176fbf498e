// Redis's time for a commit that stores one ended interaction's view while the closed order holds --closed-max
// (10,000) ids: the order as a list (the build before pass closedset), that list with LREM before RPUSH (the fix
// rejected: O(n)), and as a sorted set (this build). Each takes its scripts from redis-scripts.ts's source (this
// worktree's, and `git show <base>:` of it), on one throw-away redis-server, alternating rounds; Redis's own time is
// INFO commandstats' EVALSHA microseconds per call. Also the takeover's one-off move of an older server's list.
// Usage: node bench/closed-order.mjs [base=HEAD] [rounds=5] [commits=2000]
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { startRedisServer } from '@routewright/node-support/testing'
import { createClient } from 'redis'

const base = process.argv[2] ?? 'HEAD'
const ROUNDS = Number(process.argv[3] ?? 5)
const COMMITS = Number(process.argv[4] ?? 2000)
const KEPT = 10_000
const source = path.resolve(import.meta.dirname, '../src/core/redis-scripts.ts')

const tsc = path.resolve(import.meta.dirname, '../../../node_modules/.bin/tsc')
/** The module of a redis-scripts.ts text, compiled with the workspace's tsc (it imports nothing). */
async function load(text, name) {
  const dir = mkdtempSync(path.join(tmpdir(), 'rw-closed-order-'))
  try {
    writeFileSync(path.join(dir, `${name}.ts`), text)
    const options = [
      '--ignoreConfig',
      '--outDir',
      dir,
      '--module',
      'esnext',
      '--target',
      'es2022',
      '--skipLibCheck',
    ]
    execFileSync(tsc, [path.join(dir, `${name}.ts`), ...options])
    return await import(pathToFileURL(path.join(dir, `${name}.js`)).href)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
const mine = await load(readFileSync(source, 'utf8'), 'mine')
const before = await load(
  execFileSync('git', ['show', `${base}:packages/server/src/core/redis-scripts.ts`], {
    cwd: import.meta.dirname,
  }).toString(),
  'before',
)
// the rejected fix: an id taken out of the list wherever it is, then pushed at the end
const pushed = /if redis\.call\('EXISTS', key\) == 0 then redis\.call\('RPUSH', (\S+), ARGV\[i\]\) end/
if (!pushed.test(before.COMMIT)) throw new Error(`the ${base} commit script has no RPUSH line to change`)
const lrem = (script) =>
  script.replace(pushed, "redis.call('LREM', $1, 0, ARGV[i]) redis.call('RPUSH', $1, ARGV[i])")
const variants = {
  'list (before)': before,
  'list, LREM before RPUSH (rejected)': {
    ...before,
    COMMIT: lrem(before.COMMIT),
    STORE_CLOSED: lrem(before.STORE_CLOSED),
  },
  'sorted set (this build)': mine,
}
const view = (id) => JSON.stringify({ id, state: 'completed', pad: 'x'.repeat(1600) })
const LIMITS = { maxEvents: 100_000, closedTtlMs: 3_600_000, maxClosed: KEPT }

const redis = await startRedisServer()
const client = createClient({ url: redis.url, RESP: 2 })
client.on('error', () => {})
await client.connect()
const usecOf = async (command) =>
  Number(
    new RegExp(`^cmdstat_${command}:calls=\\d+,usec=(\\d+)`, 'm').exec(
      await client.info('commandstats'),
    )?.[1],
  )

async function round(name, scripts, tag) {
  const keys = scripts.redisKeys(`${tag}:`)
  const store = await client.scriptLoad(scripts.STORE_CLOSED)
  const commit = await client.scriptLoad(scripts.COMMIT)
  for (let i = 0; i < KEPT; i += 500) {
    const args = [keys.closedPrefix, String(LIMITS.closedTtlMs), String(KEPT)]
    for (let j = i; j < i + 500; j++) args.push(`k${j}`, view(`k${j}`))
    await client.sendCommand(['EVALSHA', store, '1', keys.closedOrder, ...args])
  }
  await client.set(keys.epoch, '1')
  await client.configResetStat()
  for (let c = 0; c < COMMITS; c++) {
    const ops = {
      holds: [],
      set: [],
      del: [],
      agents: [],
      events: [],
      closed: [[`n${c}`, view(`n${c}`)]],
      ...LIMITS,
    }
    const [k, a] = scripts.commitCall(keys, 1, `c${c}`, undefined, ops)
    const answer = await client.sendCommand(['EVALSHA', commit, String(k.length), ...k, ...a])
    if (!Array.isArray(answer) || answer[0] !== 'ok') throw new Error(`${name}: commit refused: ${answer}`)
  }
  const us = (await usecOf('evalsha')) / COMMITS
  await client.flushAll()
  return us
}

/** The takeover's move of an older server's list of 10,000 ids (every view kept), once: [total ms, calls, ms a call]. */
async function migration(tag) {
  const keys = mine.redisKeys(`${tag}:`)
  for (let i = 0; i < KEPT; i += 500) {
    const ids = Array.from({ length: 500 }, (_, j) => `k${i + j}`)
    await client.sendCommand(['RPUSH', keys.closedOrderList, ...ids])
    await client.sendCommand(['MSET', ...ids.flatMap((id) => [`${keys.closedPrefix}${id}`, 'v'])])
  }
  const sha = await client.scriptLoad(mine.MOVE_CLOSED_LIST)
  await client.configResetStat()
  let calls = 0
  const move = () =>
    client.sendCommand(['EVALSHA', sha, '2', keys.closedOrder, keys.closedOrderList, keys.closedPrefix])
  do calls++
  while (Number(await move()) > 0)
  if ((await client.zCard(keys.closedOrder)) !== KEPT) throw new Error('migration: ids lost')
  const ms = (await usecOf('evalsha')) / 1000
  await client.flushAll()
  return [ms, calls, ms / calls]
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
try {
  const figures = Object.fromEntries(Object.keys(variants).map((name) => [name, []]))
  for (let r = 0; r < ROUNDS; r++) {
    const names = Object.keys(variants)
    // rotate which goes first, so none always runs on a warmer (or busier) Redis
    for (const name of [...names.slice(r % names.length), ...names.slice(0, r % names.length)])
      figures[name].push(await round(name, variants[name], `r${r}-${names.indexOf(name)}`))
  }
  console.log(
    `Redis time per commit of one view, ${KEPT} ids kept (one trimmed each), ${ROUNDS} rounds of ${COMMITS}:`,
  )
  for (const [name, xs] of Object.entries(figures))
    console.log(`  ${name}: median ${median(xs).toFixed(1)} us (${xs.map((x) => x.toFixed(1)).join(', ')})`)
  const [list, , sorted] = Object.values(figures)
  const ratios = sorted.map((x, r) => x / list[r])
  console.log(
    `  sorted set / list, the same round: median ${median(ratios).toFixed(2)} (${ratios.map((x) => x.toFixed(2)).join(', ')})`,
  )
  const moves = []
  for (let r = 0; r < 3; r++) moves.push(await migration(`m${r}`))
  for (const [ms, calls, each] of moves)
    console.log(
      `  takeover moving a list of ${KEPT} ids: ${ms.toFixed(1)} ms in ${calls} calls, ${each.toFixed(2)} ms a call`,
    )
} finally {
  await client.close()
  await redis.stop()
}
