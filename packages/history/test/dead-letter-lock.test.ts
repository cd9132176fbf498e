// The dead-letter file's lock as containers sharing a folder see it: a lock from another host is judged by its
// mtime (its pid means nothing here), a holder refreshes that mtime, and a stale lock is taken over and told.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import path from 'node:path'
import { type HistoryItem, replayDeadLetters } from '@routewright/history'
import { afterAll, expect, it } from 'vitest'
import { DAY, interaction } from './fixtures.ts'

const folder = mkdtempSync(path.join(tmpdir(), 'routewright-lock-'))
afterAll(() => rmSync(folder, { recursive: true, force: true }))

// a pid that has ended on this host: a lock naming it here is stale at once, from another host it means nothing
const endedPid = spawnSync(process.execPath, ['-e', '0']).pid
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** A dead-letter file of one refused record and its lock, written as `owner` left it, `ageMs` ago. */
function setUp(name: string, owner: string, ageMs = 0) {
  const file = path.join(folder, `${name}.refused`)
  const item: HistoryItem = { kind: 'interaction', record: interaction({ id: name, arrivedAt: DAY }) }
  writeFileSync(file, `${JSON.stringify({ at: 'x', reason: 'refused', item })}\n`)
  const lock = `${file}.lock`
  writeFileSync(lock, owner)
  const at = new Date(Date.now() - ageMs)
  utimesSync(lock, at, at)
  const written: string[] = []
  const store = {
    async write(items: readonly HistoryItem[]) {
      for (const i of items) if (i.kind === 'interaction') written.push(i.record.id)
    },
  }
  return { file, lock, store, written }
}

const otherHost = JSON.stringify({ host: 'other-container', pid: endedPid, ns: 'pid:[1]', token: 't' })

it('keeps a fresh lock of another host, whose pid has ended here, until its holder removes it', async () => {
  const { file, lock, store, written } = setUp('fresh', otherHost)
  const seen: string[] = []
  const told: string[] = []
  const result = await replayDeadLetters(store, file, {
    hooks: {
      onBusy() {
        // the holder in the other container finishes its append: the lock is still its own until then
        seen.push(readFileSync(lock, 'utf8'))
        if (seen.length === 3) rmSync(lock)
      },
      onStaleLock: (line) => told.push(line),
    },
  })
  expect(seen).toEqual([otherHost, otherHost, otherHost])
  expect(told).toEqual([])
  expect(written).toEqual(['fresh'])
  expect(result).toMatchObject({ written: 1, left: 0 })
})

it('takes over a lock of another host nobody refreshed for 30 s, with a log line', async () => {
  const { file, store, written } = setUp('old', otherHost, 60_000)
  const told: string[] = []
  let busy = 0
  await replayDeadLetters(store, file, {
    hooks: { onBusy: () => busy++, onStaleLock: (line) => told.push(line) },
  })
  expect(busy).toBe(0)
  expect(told).toEqual([
    `Took over the stale lock ${file}.lock: pid ${endedPid} on other-container has not refreshed it for 60 s`,
  ])
  expect(written).toEqual(['old'])
})

it('takes over at once a fresh lock whose holder on this host has ended (an older bare pid too)', async () => {
  for (const owner of [String(endedPid), JSON.stringify({ host: hostname(), pid: endedPid, ns: ns() })]) {
    const { file, store, written } = setUp(`ended${owner.length}`, owner)
    const told: string[] = []
    await replayDeadLetters(store, file, { hooks: { onBusy: () => {}, onStaleLock: (l) => told.push(l) } })
    expect(told).toHaveLength(1)
    expect(told[0]).toMatch(new RegExp(`pid ${endedPid}( on .*)? has ended$`))
    expect(written).toHaveLength(1)
  }
})

it("refreshes its own lock's mtime while it works, so another host does not judge it stale", async () => {
  const { file, lock } = setUp('beat', otherHost)
  rmSync(lock)
  // the store refuses the record again, so the replay rewrites the file, under the lock
  const store = { write: () => Promise.reject(new Error('still refused')), refused: async () => true }
  let rewritten = ''
  const result = await replayDeadLetters(store, file, {
    hooks: { heartbeatMs: 10 },
    async replace(target, bytes) {
      // as if this holder had worked a minute: only its heartbeat makes the lock fresh again
      const old = new Date(Date.now() - 60_000)
      utimesSync(lock, old, old)
      while (Date.now() - statSync(lock).mtimeMs > 30_000) await sleep(5)
      writeFileSync(target, bytes)
      rewritten = target
    },
  })
  expect(rewritten).toBe(file)
  expect(result).toMatchObject({ refusedAgain: 1, left: 1 })
})

function ns(): string {
  try {
    return readlinkSync('/proc/self/ns/pid')
  } catch {
    return ''
  }
}
