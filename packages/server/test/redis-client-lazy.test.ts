// Importing @routewright/server (serve without --redis, a host embedding the router) does not load the Redis client:
// its modules were ~0.3 s of the import's ~1.05 s CPU. The first Redis link loads it.
import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { expect, it } from 'vitest'

const root = path.resolve(import.meta.dirname, '..')

/** The @redis/* modules a fresh Node process has loaded after running `code` (the built package, as a user has it). */
function redisModulesAfter(code: string): number {
  const script = `${code}
import { createRequire } from 'node:module'
const loaded = Object.keys(createRequire(import.meta.url).cache).filter((file) => file.includes('@redis'))
process.stdout.write(String(loaded.length))`
  return Number(
    execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root }).toString(),
  )
}

it('imports without the Redis client, and loads it for a Redis link', () => {
  expect(redisModulesAfter("import '@routewright/server'")).toBe(0)
  // the count sees the client once something loads it (a Redis link imports it as its first step)
  expect(redisModulesAfter("await import('redis')")).toBeGreaterThan(0)
})
