// Warns of the routewright-*/rw-* folders a test run made in the temporary folder and left there: tests remove
// their own (a failed one keeps its folder on purpose, so this warns and never fails the run). Every project runs
// this file as a global setup, so one shared count on globalThis makes the first setup take the snapshot and the
// last teardown compare with it.
import { readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

const PREFIX = /^(routewright-|rw-)/
const KEY = Symbol.for('routewright.tmpLeftovers')

interface Shared {
  active: number
  before: Set<string>
}

function ours(): string[] {
  try {
    return readdirSync(tmpdir()).filter((name) => PREFIX.test(name))
  } catch {
    // an unreadable temporary folder is not the tests' business: nothing to compare
    return []
  }
}

export function setup(): void {
  const scope = globalThis as { [KEY]?: Shared }
  scope[KEY] ??= { active: 0, before: new Set(ours()) }
  scope[KEY].active++
}

export function teardown(): void {
  const scope = globalThis as { [KEY]?: Shared }
  const shared = scope[KEY]
  if (!shared || --shared.active > 0) return
  delete scope[KEY]
  const left = ours()
    .filter((name) => !shared.before.has(name))
    .sort()
  if (left.length === 0) return
  const shown = left.slice(0, 20).map((name) => `  ${path.join(tmpdir(), name)}`)
  if (left.length > shown.length) shown.push(`  ... and ${left.length - shown.length} more`)
  console.warn(
    [
      `tmp-leftovers: ${left.length} routewright-*/rw-* folder(s) made during this run are still in ${tmpdir()}`,
      "(a failed test's folder is kept on purpose; a passed test's means its helper does not remove what it made,",
      'or another run on this machine made it):',
      ...shown,
    ].join('\n'),
  )
}
