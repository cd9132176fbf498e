// Released migrations never change: their SQL is pinned, and editing the live slot lists (a new T, S or abandon
// reason) leaves it as it was, since a migration reads only its frozen copy (slot-schema.ts).
import { createHash } from 'node:crypto'
import { describe, expect, it, vi } from 'vitest'
import type { Dialect } from './sql-database.ts'

// the live lists as a later change might edit them: a new S, a new T and a new reason, without a migration
vi.mock('./interval-stats.ts', async (original) => ({
  ...(await original<typeof import('./interval-stats.ts')>()),
  SERVICE_LEVEL_THRESHOLDS: [10, 15, 20, 25, 30, 45, 60, 90, 120, 180, 300],
  SHORT_ABANDON_THRESHOLDS: [2, 3, 5, 10, 15, 20, 30, 45],
  ABANDON_REASON_COLUMNS: {
    'caller-hangup': 'ab_caller_hangup',
    'queue-timeout': 'ab_queue_timeout',
    host: 'ab_host',
    transfer: 'ab_transfer',
  },
}))
vi.mock('./report-options.ts', async (original) => ({
  ...(await original<typeof import('./report-options.ts')>()),
  DIMENSION_COLUMNS: {
    queue: 'queue',
    group: 'grp',
    agent: 'agent',
    strategy: 'strategy',
    node: 'node',
    media: 'media',
  },
}))

const { migrationStatements } = await import('./migrations.ts')
const { SHORT_ABANDON_THRESHOLDS } = await import('./interval-stats.ts')

/** The sha-256 of a migration's statements, as released. */
const digest = (dialect: Dialect, name: string) =>
  createHash('sha256')
    .update((migrationStatements(dialect)[name] ?? []).join('\n;\n'))
    .digest('hex')
    .slice(0, 16)

describe('released migrations', () => {
  it('reads the edited live lists in this test (so the pins below would catch a migration using them)', () => {
    expect(SHORT_ABANDON_THRESHOLDS).toContain(45)
  })

  it('keeps the SQL of every released migration, on SQLite and PostgreSQL', () => {
    const pins = (dialect: Dialect) =>
      Object.keys(migrationStatements(dialect)).map((name) => `${name} ${digest(dialect, name)}`)
    expect({ sqlite: pins('sqlite'), postgres: pins('postgres') }).toMatchInlineSnapshot(`
      {
        "postgres": [
          "0001-records 761b314f0e6d0c2d",
          "0002-handling-truncated 15484184dbe68767",
          "0003-slots-without-truncated b2e7eedc44f168a3",
          "0004-agent-state-reason fadf4e97450a4b3c",
          "0005-abandon-breakdown b6f4ab70455d5240",
          "0006-abandons-in-service-level ef48063671ffe0a1",
          "0007-overflow-out 85311eb4d202657a",
          "0008-handling-by-agent 0a47e5a3082feb33",
          "0009-transfer-to-and-state-by 4f1be95d389f1128",
          "0010-state-supervisor b8cbd9fa69d85680",
          "0011-interactions-finished cfdc429d2533aa1f",
          "0012-handling-disposition e999a5b5caa59a16",
        ],
        "sqlite": [
          "0001-records 67f65f112e3be948",
          "0002-handling-truncated 15484184dbe68767",
          "0003-slots-without-truncated d53575d09424d3a1",
          "0004-agent-state-reason fadf4e97450a4b3c",
          "0005-abandon-breakdown 5d35f461805ea9a6",
          "0006-abandons-in-service-level ef48063671ffe0a1",
          "0007-overflow-out 85311eb4d202657a",
          "0008-handling-by-agent 0a47e5a3082feb33",
          "0009-transfer-to-and-state-by 4f1be95d389f1128",
          "0010-state-supervisor b8cbd9fa69d85680",
          "0011-interactions-finished cfdc429d2533aa1f",
          "0012-handling-disposition e999a5b5caa59a16",
        ],
      }
    `)
  })
})
