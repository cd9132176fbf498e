// A batch the store refuses rolls back on its pooled connection and hands it back usable: before, every refused
// write closed its connection (and the isolating split made about 2 log2(n) of them per refused record).
import { expect, it } from 'vitest'
import { DAY, interaction, postgresForFile } from './fixtures.ts'

const pg = postgresForFile('routewright-pg-connection-')

const backend = async () =>
  (await pg.store.database.all<{ pid: number }>('SELECT pg_backend_pid() AS pid'))[0]?.pid
const ourSessions = async () =>
  Number(
    (
      await pg.store.database.all<{ n: number }>(
        "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend'",
      )
    )[0]?.n,
  )
const poison = (id: string) => ({
  kind: 'interaction' as const,
  record: interaction({ id, arrivedAt: DAY + 1000, strategy: null as unknown as string }),
})

it('rolls a refused batch back and reuses its connection, which writes the next batch', async () => {
  const { store } = pg
  await store.write([{ kind: 'interaction', record: interaction({ id: 'before', arrivedAt: DAY }) }])
  const pid = await backend()
  for (let n = 0; n < 5; n++) await expect(store.write([poison(`p${n}`)])).rejects.toThrow(/null/i)
  // the pool's one connection took every write and came back each time: not closed, not left checked out
  expect(await backend()).toBe(pid)
  expect(await ourSessions()).toBe(1)
  await store.write([{ kind: 'interaction', record: interaction({ id: 'after', arrivedAt: DAY + 2000 }) }])
  expect(await backend()).toBe(pid)
  const stored = await store.interactions({ from: DAY, to: DAY + 3_600_000 })
  expect(stored.map((r) => r.id)).toEqual(['before', 'after'])
})

it('closes a connection whose server session ended mid-batch, and the next write opens a new one', async () => {
  const { store } = pg
  const pid = await backend()
  // the session ends inside the batch's INSERT, the same way every time: the row's trigger terminates it
  await store.database.all(`CREATE FUNCTION end_session() RETURNS trigger AS $$
    BEGIN PERFORM pg_terminate_backend(pg_backend_pid()); RETURN NEW; END $$ LANGUAGE plpgsql`)
  await store.database.all(
    "CREATE TRIGGER end_session BEFORE INSERT ON interactions FOR EACH ROW WHEN (NEW.id = 'lost') EXECUTE FUNCTION end_session()",
  )
  await expect(
    store.write([{ kind: 'interaction', record: interaction({ id: 'lost', arrivedAt: DAY + 3000 }) }]),
  ).rejects.toThrow(/terminat/)
  await store.write([{ kind: 'interaction', record: interaction({ id: 'later', arrivedAt: DAY + 4000 }) }])
  expect(await backend()).not.toBe(pid)
  expect(await ourSessions()).toBe(1)
  const stored = await store.interactions({ from: DAY, to: DAY + 3_600_000 })
  expect(stored.map((r) => r.id)).toEqual(['before', 'after', 'later'])
})
