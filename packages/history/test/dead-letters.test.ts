// The dead-letter file on both back ends: read for a person, replayed once the cause is fixed, idempotent, and
// nothing lost when a replay stops part way (a refusal again, an outage, a crash before the file is rewritten).
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import {
  createHistoryWriter,
  type HistoryItem,
  type HistoryStore,
  readDeadLetters,
  replayDeadLetters,
} from '@routewright/history'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DAY, interaction, STORE_KINDS, type StoreKind } from './fixtures.ts'

// a rule the database enforces and a DBA can lift: the cause of the refusals, fixed before the replay
const FORBID = {
  sqlite: [
    "CREATE TRIGGER no_bad BEFORE INSERT ON interactions WHEN NEW.id LIKE 'bad%' BEGIN SELECT RAISE(ABORT, 'bad ids are not allowed'); END",
  ],
  postgres: ["ALTER TABLE interactions ADD CONSTRAINT no_bad CHECK (id NOT LIKE 'bad%')"],
}
const ALLOW = {
  sqlite: ['DROP TRIGGER no_bad'],
  postgres: ['ALTER TABLE interactions DROP CONSTRAINT no_bad'],
}

function deferred() {
  let resolve = () => {}
  const promise = new Promise<void>((done) => {
    resolve = done
  })
  return { promise, resolve }
}

const item = (id: string, second: number): HistoryItem => ({
  kind: 'interaction',
  record: interaction({ id, arrivedAt: DAY + second * 1000 }),
})

describe.each(STORE_KINDS)('dead letters on %s', (name, make) => {
  let kind: StoreKind
  let folder: string
  const stores: HistoryStore[] = []
  beforeAll(async () => {
    kind = await make()
    folder = mkdtempSync(path.join(tmpdir(), 'routewright-dead-letters-'))
  })
  afterAll(async () => {
    for (const store of stores) await store.close()
    await kind.cleanup()
    rmSync(folder, { recursive: true, force: true })
  })

  /** A store that refused bad1 and bad2 (set aside by the real writer) and took ok1..ok3; the rule still on. */
  const refusedTwo = async (spool: string) => {
    const store = await kind.open()
    stores.push(store)
    for (const sql of FORBID[name]) await store.database.all(sql)
    const writer = createHistoryWriter({ store, spoolFile: spool, batchSize: 10, now: () => DAY + 3_600_000 })
    for (const [n, id] of ['ok1', 'bad1', 'ok2', 'bad2', 'ok3'].entries()) writer.add(item(id, n))
    await writer.close()
    expect(writer.counters()).toMatchObject({ written: 3, refused: 2 })
    return store
  }
  const ids = async (store: HistoryStore) =>
    (await store.interactions({ from: DAY, to: DAY + 3_600_000 })).map((r) => r.id)
  const offered = async (store: HistoryStore) =>
    Number(
      (
        await store.database.all<{ n: number }>(
          "SELECT SUM(offered) AS n FROM interval_stats WHERE dim = 'queue'",
        )
      )[0]?.n,
    )

  it('lists each refused record with its kind, id, reason and time, and a line it cannot read', async () => {
    const spool = path.join(folder, `${name}-list.jsonl`)
    await refusedTwo(spool)
    appendFileSync(`${spool}.refused`, '{"at":"2026-03-02T01:00:00.000Z","reason":"cut sho\n')
    const letters = readDeadLetters(`${spool}.refused`)
    expect(letters.map((l) => [l.line, l.kind, l.id, l.refused?.at])).toEqual([
      [1, 'interaction', 'bad1', '2026-03-02T01:00:00.000Z'],
      [2, 'interaction', 'bad2', '2026-03-02T01:00:00.000Z'],
      [3, undefined, undefined, undefined],
    ])
    expect(letters[0]?.refused?.reason).toMatch(/bad ids are not allowed|no_bad/)
    expect(letters[2]?.problem).toMatch(/^not JSON/)
  })

  it('starts a record set aside after a line cut short by a crash on a line of its own', async () => {
    const spool = path.join(folder, `${name}-cut.jsonl`)
    const file = `${spool}.refused`
    writeFileSync(file, '{"at":"2026-03-02T01:00:00.000Z","reason":"cut sho')
    const writer = createHistoryWriter({
      store: { write: () => Promise.reject(new Error('refused')), refused: async () => true },
      spoolFile: spool,
    })
    writer.add(item('after-crash', 1))
    await writer.close()
    expect(readDeadLetters(file).map((l) => [l.line, l.id, l.problem?.slice(0, 8)])).toEqual([
      [1, undefined, 'not JSON'],
      [2, 'after-crash', undefined],
    ])
    expect(writer.counters()).toMatchObject({ refused: 1, deadLetters: 2 })
  })

  it('keeps a refused record in the spool when the dead-letter file cannot be written', async () => {
    const spool = path.join(folder, `${name}-nowhere.jsonl`)
    const notAFolder = path.join(folder, `${name}-not-a-folder`)
    writeFileSync(notAFolder, '')
    const writer = createHistoryWriter({
      store: { write: () => Promise.reject(new Error('refused')), refused: async () => true },
      spoolFile: spool,
      refusedFile: path.join(notAFolder, 'x.refused'),
    })
    writer.add(item('kept', 1))
    await writer.close()
    expect(writer.counters()).toMatchObject({ refused: 1, deadLetters: 0, spooled: 1, dropped: 0 })
    expect(readFileSync(spool, 'utf8')).toContain('"id":"kept"')
  })

  it('replays them once the cause is fixed, keeps the unreadable line, and a second replay adds nothing', async () => {
    const spool = path.join(folder, `${name}-replay.jsonl`)
    const store = await refusedTwo(spool)
    const file = `${spool}.refused`
    appendFileSync(file, 'not a record\n')
    const before = readFileSync(file, 'utf8')
    for (const sql of ALLOW[name]) await store.database.all(sql)
    expect(await replayDeadLetters(store, file)).toEqual({
      written: 2,
      refusedAgain: 0,
      unreadable: 1,
      left: 1,
    })
    expect(await ids(store)).toEqual(['ok1', 'bad1', 'ok2', 'bad2', 'ok3'])
    expect(readFileSync(file, 'utf8')).toBe('not a record\n')
    expect(await offered(store)).toBe(5)
    // the same file replayed again (an operator who kept a copy): the store keeps each record once, counts it once
    writeFileSync(file, before)
    expect(await replayDeadLetters(store, file)).toMatchObject({ written: 2, left: 1 })
    expect(await ids(store)).toHaveLength(5)
    expect(await offered(store)).toBe(5)
  })

  it('keeps a record refused again, with the new reason, and removes the file once all is written', async () => {
    const spool = path.join(folder, `${name}-again.jsonl`)
    const store = await refusedTwo(spool)
    const file = `${spool}.refused`
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean)
    writeFileSync(
      file,
      lines.map((line) => JSON.stringify({ ...JSON.parse(line), reason: 'old' })).join('\n'),
    )
    expect(await replayDeadLetters(store, file, { batchSize: 1 })).toEqual({
      written: 0,
      refusedAgain: 2,
      unreadable: 0,
      left: 2,
    })
    expect(readDeadLetters(file).map((l) => [l.id, l.refused?.reason === 'old'])).toEqual([
      ['bad1', false],
      ['bad2', false],
    ])
    for (const sql of ALLOW[name]) await store.database.all(sql)
    expect(await replayDeadLetters(store, file)).toEqual({
      written: 2,
      refusedAgain: 0,
      unreadable: 0,
      left: 0,
    })
    expect(readDeadLetters(file)).toEqual([])
    expect(await ids(store)).toHaveLength(5)
  })

  it("keeps a line serve's writer opened the file for before a replay rewrote it, and wrote after", async () => {
    const spool = path.join(folder, `${name}-swap.jsonl`)
    const store = await refusedTwo(spool)
    const file = `${spool}.refused`
    for (const sql of ALLOW[name]) await store.database.all(sql)
    const reached = deferred()
    const gate = deferred()
    const busy = deferred()
    // the replay has read the file and waits on the store
    const replaying = replayDeadLetters(
      {
        async write(items) {
          reached.resolve()
          await gate.promise
          await store.write(items)
        },
      },
      file,
      { hooks: { onBusy: () => busy.resolve() } },
    )
    await reached.promise
    // serve's writer sets a record aside: between its open and its write, the replay writes and rewrites the file
    const writer = createHistoryWriter({
      store: { write: () => Promise.reject(new Error('late is refused')), refused: async () => true },
      spoolFile: spool,
      deadLetterHooks: {
        async afterOpen() {
          gate.resolve()
          await Promise.race([replaying, busy.promise])
        },
      },
    })
    writer.add(item('late', 9))
    await writer.close()
    expect(await replaying).toEqual({ written: 2, refusedAgain: 0, unreadable: 0, left: 1 })
    expect(readDeadLetters(file).map((l) => l.id)).toEqual(['late'])
    expect(writer.counters()).toMatchObject({ refused: 1, deadLetters: 1, dropped: 0 })
  })

  it("counts the lines a replay left, and the file's bound has room again, without a restart", async () => {
    const spool = path.join(folder, `${name}-count.jsonl`)
    const file = `${spool}.refused`
    const store = await kind.open()
    stores.push(store)
    // serve's store refuses every record; the replay's (the cause fixed) takes all but bad2
    const refusing = {
      write: () => Promise.reject(new Error('refused')),
      refused: async () => true,
    }
    const writer = createHistoryWriter({ store: refusing, spoolFile: spool, maxRefused: 3, batchSize: 10 })
    for (const [n, id] of ['bad1', 'bad2', 'bad3'].entries()) writer.add(item(id, n))
    await writer.flush()
    expect(writer.counters()).toMatchObject({ refused: 3, deadLetters: 3, dropped: 0 })
    const fixed = {
      write: (items: readonly HistoryItem[]) =>
        items.some((i) => i.kind === 'interaction' && i.record.id === 'bad2')
          ? Promise.reject(new Error('still refused'))
          : store.write(items),
      refused: async () => true,
    }
    expect(await replayDeadLetters(fixed, file)).toMatchObject({ written: 2, refusedAgain: 1, left: 1 })
    // the total since start stays; the file's lines are what is left in it
    expect(writer.counters()).toMatchObject({ refused: 3, deadLetters: 1 })
    for (const [n, id] of ['bad4', 'bad5', 'bad6'].entries()) writer.add(item(id, n + 4))
    await writer.close()
    // room for two under the bound of 3: the third is dropped and counted
    expect(writer.counters()).toMatchObject({ refused: 6, deadLetters: 3, dropped: 1 })
    expect(readDeadLetters(file).map((l) => l.id)).toEqual(['bad2', 'bad4', 'bad5'])
  })

  it('loses nothing when the replay stops after a write and before the file is rewritten (a crash, an outage)', async () => {
    const spool = path.join(folder, `${name}-crash.jsonl`)
    const store = await refusedTwo(spool)
    const file = `${spool}.refused`
    for (const sql of ALLOW[name]) await store.database.all(sql)
    // the first batch reaches the store, then the process "dies": the write's answer never arrives
    let writes = 0
    const dying = {
      async write(items: readonly HistoryItem[]) {
        await store.write(items)
        // the running writer sets another record aside while the replay works: its line is kept
        if (++writes === 1)
          appendFileSync(file, `${JSON.stringify({ at: 'x', reason: 'y', item: item('ok9', 9) })}\n`)
        if (writes === 2) throw new Error('connection lost')
      },
    }
    const stopped = await replayDeadLetters(dying, file, { batchSize: 1 })
    expect(stopped).toEqual({
      written: 1,
      refusedAgain: 0,
      unreadable: 0,
      left: 2,
      outage: 'connection lost',
    })
    expect(readDeadLetters(file).map((l) => l.id)).toEqual(['bad2', 'ok9'])
    expect(await replayDeadLetters(store, file)).toEqual({
      written: 2,
      refusedAgain: 0,
      unreadable: 0,
      left: 0,
    })
    expect(await ids(store)).toEqual(['ok1', 'bad1', 'ok2', 'bad2', 'ok3', 'ok9'])
    expect(await offered(store)).toBe(6)
  })
})
