// What a PostgreSQL start asks once per process (initdb's version, the postgres user's ids), counted on real starts:
// each server still gets its own cluster and folder, and a restart asks nothing again.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { describe, expect, it, vi } from 'vitest'
import { type PostgresServer, startPostgresServer } from '../src/testing/index.ts'

// the real execFileSync, wrapped to count what the starts ran (a module of its own: isolate keeps it to this file)
vi.mock('node:child_process', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:child_process')>()
  return { ...real, execFileSync: vi.fn(real.execFileSync) }
})

/** The execFileSync runs so far, as `command first-arg` (`initdb --version`, `id -u`). */
function runs(): string[] {
  return vi.mocked(execFileSync).mock.calls.map(([file, args]) => {
    const first = Array.isArray(args) ? String(args[0]) : ''
    return `${String(file).split('/').pop()} ${first}`
  })
}

describe('startPostgresServer, started several times in one process', () => {
  it('asks initdb its version and the postgres user its ids once, and still gives each server its own cluster', {
    timeout: 180_000,
  }, async () => {
    const servers: PostgresServer[] = []
    try {
      for (let n = 0; n < 2; n++) servers.push(await startPostgresServer())
      const [first, second] = servers as [PostgresServer, PostgresServer]
      await first.stop()
      await first.start()
      expect(runs().filter((run) => run === 'initdb --version')).toHaveLength(1)
      // root starts postgres as its user: two `id` runs in all (four per start and two per restart before)
      const asRoot = process.getuid?.() === 0
      expect(runs().filter((run) => run.startsWith('id '))).toEqual(asRoot ? ['id -u', 'id -g'] : [])
      // two clusters: ports and postmasters of their own, both up after the first one's restart
      expect(first.url).not.toBe(second.url)
      const pids = [first.pid(), second.pid()]
      expect(new Set(pids).size).toBe(2)
      for (const pid of pids) expect(readFileSync(`/proc/${pid}/comm`, 'utf8').trim()).toBe('postgres')
    } finally {
      for (const server of servers) await server.destroy()
    }
  })
})
