// How long Kamailio remembers how a call ended (its `ended` htable) is the stack's `endedKeepS`: the table a real
// Kamailio runs with, read back over JSON-RPC, and a setting it cannot take refused before anything starts.
import { describe, expect, it } from 'vitest'
import { startTelephonyStack } from '../src/index.ts'
import { stackPerTest } from './stack-report.ts'

const keep = stackPerTest()

/** `htable.listTables`' entry for the `ended` table. */
async function endedTable(call: (method: string) => Promise<unknown>) {
  const tables = (await call('htable.listTables')) as Array<{ name?: string; expire?: number }>
  return tables.find((t) => t.name === 'ended')
}

describe('the ended table', () => {
  it('keeps items endedKeepS seconds in the running Kamailio', async () => {
    const s = keep(await startTelephonyStack({ agents: [{ id: 'ann' }], endedKeepS: 42 }))
    expect(await endedTable(s.kamailioRpc.call)).toMatchObject({ name: 'ended', expire: 42 })
  })

  it('keeps them 300 s by default', async () => {
    const s = keep(await startTelephonyStack({ agents: [{ id: 'ann' }] }))
    expect(await endedTable(s.kamailioRpc.call)).toMatchObject({ expire: 300 })
  })

  it.each([0, 1.5, 100_000])('refuses endedKeepS %s', async (endedKeepS) => {
    await expect(startTelephonyStack({ agents: [], endedKeepS })).rejects.toThrow(
      `endedKeepS must be a whole number of seconds from 1 to 86400 (got ${endedKeepS})`,
    )
  })
})
