// The writer never blocks the caller, loses nothing while the store is down, and says what is pending.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import {
  createHistoryWriter,
  type DeadLetterFileState,
  type HistoryItem,
  HistoryItemError,
  openStore,
  readDeadLetters,
  type StoreState,
  type WriterTimers,
} from '@routewright/history'
import { afterEach, describe, expect, it } from 'vitest'
import { agentState } from './fixtures.ts'

const folders: string[] = []
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true })
})
function spoolFile(): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'routewright-spool-'))
  folders.push(folder)
  return path.join(folder, 'pending.jsonl')
}

/** A store that keeps what it is given, and can be switched off. */
function fakeStore() {
  const kept: HistoryItem[] = []
  const store = {
    up: true,
    writes: 0,
    kept,
    async write(items: readonly HistoryItem[]) {
      store.writes++
      if (!store.up) throw new Error('connection refused')
      kept.push(...items)
    },
  }
  return store
}

/** Timers the test fires by hand. */
function manualTimers() {
  const pending = new Map<number, () => void>()
  let next = 0
  const timers: WriterTimers & { fire(): void; count(): number } = {
    set(callback) {
      pending.set(++next, callback)
      return next
    },
    clear: (handle) => pending.delete(handle as number),
    fire() {
      const callbacks = [...pending.values()]
      pending.clear()
      for (const callback of callbacks) callback()
    },
    count: () => pending.size,
  }
  return timers
}

const item = (n: number): HistoryItem => ({ kind: 'agent-state', record: agentState({ at: n }) })

describe('history writer', () => {
  it('keeps writing after a timer fires with nothing left to write (a flush got there first)', async () => {
    const store = fakeStore()
    const timers = manualTimers()
    const writer = createHistoryWriter({ store, spoolFile: spoolFile(), timers })
    writer.add(item(1))
    await writer.flush()
    timers.fire() // the timer add set, now with an empty queue
    writer.add(item(2))
    timers.fire()
    await writer.flush()
    expect(store.kept).toEqual([item(1), item(2)])
    expect(writer.counters()).toMatchObject({ pending: 0, written: 2 })
  })

  it('only queues on add; the timer writes in batches', async () => {
    const store = fakeStore()
    const timers = manualTimers()
    const writer = createHistoryWriter({ store, spoolFile: spoolFile(), batchSize: 2, timers })
    for (let n = 0; n < 5; n++) writer.add(item(n))
    expect(store.writes).toBe(0)
    expect(writer.counters()).toMatchObject({ queued: 5, pending: 5, written: 0 })
    timers.fire()
    await writer.flush()
    expect(store.kept).toEqual([0, 1, 2, 3, 4].map(item))
    expect(store.writes).toBe(3)
    expect(writer.counters()).toMatchObject({ queued: 0, spooled: 0, pending: 0, written: 5 })
  })

  it('keeps items on disk while the store is down and writes them, oldest first, when it is back', async () => {
    const store = fakeStore()
    const file = spoolFile()
    const writer = createHistoryWriter({ store, spoolFile: file, timers: manualTimers() })
    writer.add(item(1))
    await writer.flush()
    store.up = false
    writer.add(item(2))
    writer.add(item(3))
    await writer.flush()
    expect(writer.counters()).toMatchObject({ queued: 0, spooled: 2, pending: 2, written: 1, failures: 1 })
    expect(writer.counters().lastError).toBe('connection refused')
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(2)
    writer.add(item(4))
    store.up = true
    await writer.flush()
    expect(store.kept).toEqual([1, 2, 3, 4].map(item))
    expect(writer.counters()).toMatchObject({ pending: 0, written: 4 })
    expect(existsSync(file)).toBe(false)
  })

  it('tells the store stopping once and its return once (how long, how many waited), and clears its error', async () => {
    const store = fakeStore()
    const file = spoolFile()
    let clock = 1000
    const states: StoreState[] = []
    const writer = createHistoryWriter({
      store,
      spoolFile: file,
      timers: manualTimers(),
      now: () => clock,
      onStoreState: (state) => states.push(state),
    })
    writer.add(item(1))
    await writer.flush()
    store.up = false
    for (const n of [2, 3, 4]) {
      writer.add(item(n))
      await writer.flush()
      clock += 500
    }
    expect(writer.counters()).toMatchObject({ failures: 3, spooled: 3, lastError: 'connection refused' })
    expect(states).toEqual([{ up: false, error: 'connection refused', spoolFile: file }])
    store.up = true
    await writer.flush()
    expect(states.slice(1)).toEqual([{ up: true, downMs: 1500, waited: 3, spoolFile: file }])
    expect(writer.counters().lastError).toBeUndefined()
    writer.add(item(5))
    await writer.flush()
    expect(states).toHaveLength(2)
  })

  it('writes what an earlier process left on disk', async () => {
    const store = fakeStore()
    const file = spoolFile()
    writeFileSync(file, `${JSON.stringify(item(7))}\n${JSON.stringify(item(8)).slice(0, 20)}`)
    const writer = createHistoryWriter({ store, spoolFile: file, timers: manualTimers() })
    expect(writer.counters().spooled).toBe(2)
    await writer.flush()
    // the line a crash cut short cannot be read; the whole one is written
    expect(store.kept).toEqual([item(7)])
    expect(writer.counters().pending).toBe(0)
    // the cut line is not lost: it waits in the dead-letter file, with where it was
    const letters = readDeadLetters(`${file}.refused`)
    expect(letters).toHaveLength(1)
    const letter = JSON.parse(letters[0]!.text)
    expect(letter.item).toBe(JSON.stringify(item(8)).slice(0, 20))
    expect(letter.reason.startsWith(`${file}:2: not JSON`), letter.reason).toBe(true)
  })

  it('says what is wrong with a line that is not JSON without quoting it (V8 quotes the text around the error)', async () => {
    const store = fakeStore()
    const file = spoolFile()
    // an escape sequence that would recolour (or write the clipboard of) the terminal of whoever lists the file
    const hostile = '\u001b]52;c;c2VjcmV0\u0007 SECRET-DATA {'
    writeFileSync(file, `${JSON.stringify(item(1))}\n${hostile}\n`)
    const writer = createHistoryWriter({ store, spoolFile: file, timers: manualTimers() })
    await writer.flush()
    const reason = JSON.parse(readDeadLetters(`${file}.refused`)[0]!.text).reason as string
    expect(reason).toBe(`${file}:2: not JSON (Unexpected character at line 1, column 1)`)
    writeFileSync(`${file}.refused`, `${hostile}\n`)
    expect(readDeadLetters(`${file}.refused`).map((letter) => letter.problem)).toEqual([
      'not JSON (Unexpected character at line 1, column 1)',
    ])
  })

  it('sets a spool line that is no item aside with its file:line, into a real store, writing the others', async () => {
    const file = spoolFile()
    const store = await openStore(`sqlite:${path.join(path.dirname(file), 'history.db')}`)
    try {
      const lines = [item(1), { record: item(2).record }, item(3), { kind: 'interaction', record: null }]
      writeFileSync(file, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`)
      const refusals: unknown[] = []
      const writer = createHistoryWriter({
        store,
        spoolFile: file,
        timers: manualTimers(),
        onRefused: (r) => refusals.push(r),
      })
      await writer.flush()
      expect(writer.counters()).toMatchObject({ written: 2, refused: 2, pending: 0 })
      expect(await store.database.all('SELECT * FROM agent_states')).toHaveLength(2)
      const letters = readDeadLetters(`${file}.refused`)
      expect(letters.map((l) => [l.line, l.problem])).toEqual([
        [1, 'item: kind is missing, not interaction, handling or agent-state'],
        [2, 'item: no "record" object'],
      ])
      expect(letters.map((l) => JSON.parse(l.text).reason)).toEqual([
        `${file}:2: kind is missing, not interaction, handling or agent-state`,
        `${file}:4: no "record" object`,
      ])
      expect(refusals).toHaveLength(2)
      await writer.close()
    } finally {
      await store.close()
    }
  })

  it('refuses an item without a kind in store.write with which one and why, writing nothing of the batch', async () => {
    const file = spoolFile()
    const store = await openStore(`sqlite:${path.join(path.dirname(file), 'history.db')}`)
    try {
      const bad = { record: item(2).record } as unknown as HistoryItem
      await expect(store.write([item(1), bad])).rejects.toThrow(
        new HistoryItemError(
          'history item 2 of 2: kind is missing, not interaction, handling or agent-state',
        ),
      )
      await expect(store.write([item(1), bad])).rejects.toMatchObject({ code: 'history-item-invalid' })
      expect(await store.database.all('SELECT * FROM agent_states')).toEqual([])
      // the store answers: the writer counts it a refusal (set aside), not an outage (spooled and retried)
      expect(await store.refused(new HistoryItemError('x'))).toBe(true)
    } finally {
      await store.close()
    }
  })

  it('moves items to disk past its memory bound, and drops and counts past its disk bound', async () => {
    const store = fakeStore()
    store.up = false
    const writer = createHistoryWriter({
      store,
      spoolFile: spoolFile(),
      maxInMemory: 3,
      maxOnDisk: 4,
      timers: manualTimers(),
    })
    for (let n = 0; n < 7; n++) writer.add(item(n))
    expect(writer.counters()).toMatchObject({ queued: 1, spooled: 4, dropped: 2, pending: 5 })
    store.up = true
    await writer.flush()
    expect(store.kept).toEqual([0, 1, 2, 3, 6].map(item))
  })

  it('settles whole batches into the store at once, leaving a partial one for the timer (a burst stays off the disk)', async () => {
    const store = fakeStore()
    const file = spoolFile()
    const writer = createHistoryWriter({
      store,
      spoolFile: file,
      batchSize: 2,
      maxInMemory: 5,
      timers: manualTimers(),
    })
    // a burst of 9 items, settled after each 3 as the writer thread settles after each packed batch: 5 never wait
    for (let n = 0; n < 9; n++) {
      writer.add(item(n))
      if (n % 3 === 2) {
        await writer.settle()
        expect(writer.counters()).toMatchObject({ queued: n === 5 ? 0 : 1, spooled: 0, failures: 0 })
        expect(existsSync(file)).toBe(false)
      }
    }
    expect(store.kept).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map(item))
    expect(store.writes).toBe(4)
    await writer.flush()
    expect(store.kept).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8].map(item))
  })

  it('says once per try that the dead-letter file cannot be written, and once that it can again, losing nothing', async () => {
    const spool = spoolFile()
    const states: DeadLetterFileState[] = []
    let broken = 2
    const writer = createHistoryWriter({
      store: { write: () => Promise.reject(new Error('bad row')), refused: async () => true },
      spoolFile: spool,
      timers: manualTimers(),
      onDeadLetterFile: (state) => states.push(state),
      deadLetterHooks: {
        async afterOpen() {
          if (broken-- > 0) throw new Error('ENOSPC: no space left on device')
        },
      },
    })
    writer.add(item(1))
    for (let i = 0; i < 3; i++) await writer.flush()
    const file = `${spool}.refused`
    expect(states).toEqual([
      { failed: true, file, error: 'ENOSPC: no space left on device' },
      { failed: true, file, error: 'ENOSPC: no space left on device' },
      { failed: false, file },
    ])
    expect(readDeadLetters(file)).toHaveLength(1)
    // the outage is over: the next refusal appends without telling again
    writer.add(item(2))
    await writer.flush()
    expect(states).toHaveLength(3)
    expect(readDeadLetters(file)).toHaveLength(2)
    await writer.close()
  })

  it('stops its timer on close', async () => {
    const timers = manualTimers()
    const writer = createHistoryWriter({ store: fakeStore(), spoolFile: spoolFile(), timers })
    writer.add(item(1))
    expect(timers.count()).toBe(1)
    await writer.close()
    expect(timers.count()).toBe(0)
    expect(writer.counters().written).toBe(1)
  })
})
