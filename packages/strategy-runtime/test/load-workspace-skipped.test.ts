import { execFileSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { MAX_DOCUMENT_BYTES } from '@routewright/strategy-dsl'
import { safeLoadWorkspace } from '@routewright/strategy-runtime/node'
import { afterEach, describe, expect, it } from 'vitest'

const examples = path.resolve(import.meta.dirname, '../../../examples')
const folders: string[] = []
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true })
})

/** The examples plus a FIFO and a folder named like strategies: what a walk must skip and say it skipped. */
function hostileWorkspace(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'rw-load-skipped-'))
  folders.push(dir)
  cpSync(examples, dir, { recursive: true })
  execFileSync('mkfifo', [path.join(dir, 'x.strategy.yaml')])
  mkdirSync(path.join(dir, 'y.strategy.yaml'))
  return dir
}

function shown(diagnostics: readonly { code: string; severity: string; file?: string; message: string }[]) {
  return diagnostics.map((d) => `${d.code} ${d.severity} ${d.file} ${d.message}`)
}

const skipped = [
  'RW091 warning x.strategy.yaml not a regular file (a named pipe (FIFO)), skipped. Rename or remove it: only regular files are read.',
  'RW091 warning y.strategy.yaml not a regular file (a folder), skipped. Rename or remove it: only regular files are read.',
]

describe('loadWorkspace says what its walk skipped', () => {
  it('[RW091] loads a workspace holding a FIFO and a folder named like strategies, and warns of both', async () => {
    const result = await safeLoadWorkspace(hostileWorkspace())
    expect(result.success).toBe(true)
    if (!result.success) return
    expect(result.data.files).toHaveLength(10)
    expect(shown(result.data.diagnostics.filter((d) => d.code === 'RW091'))).toEqual(skipped)
  })

  it('[RW006] refuses a Latin-1 strategy, still naming the entries it skipped', async () => {
    const dir = hostileWorkspace()
    const latin1 = Buffer.from('strategy: latin\nformat: 1\n# caf\xe9\nstart: a\n', 'latin1')
    writeFileSync(path.join(dir, 'latin.strategy.yaml'), latin1)
    const result = await safeLoadWorkspace(dir)
    expect(result.success).toBe(false)
    if (result.success) return
    expect(shown(result.diagnostics)).toEqual([
      'RW006 error latin.strategy.yaml The file is not valid UTF-8: byte 0xe9 starting an incomplete sequence at byte 31. Save it as UTF-8.',
      ...skipped,
    ])
  })

  it('[RW003] refuses a strategy over the size limit without reading it, still naming the entries it skipped', async () => {
    const dir = hostileWorkspace()
    const big = path.join(dir, 'big.strategy.yaml')
    writeFileSync(big, '')
    truncateSync(big, MAX_DOCUMENT_BYTES + 1)
    const result = await safeLoadWorkspace(dir)
    expect(result.success ? [] : shown(result.diagnostics)).toEqual([
      `RW003 error big.strategy.yaml The file is ${MAX_DOCUMENT_BYTES + 1} bytes, over the ${MAX_DOCUMENT_BYTES}-byte limit.`,
      ...skipped,
    ])
  })

  it('[RW091] names the skipped entries when they leave no strategy at all', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rw-load-skipped-'))
    folders.push(dir)
    cpSync(
      path.join(examples, 'contact-center.directory.yaml'),
      path.join(dir, 'contact-center.directory.yaml'),
    )
    execFileSync('mkfifo', [path.join(dir, 'x.strategy.yaml')])
    const result = await safeLoadWorkspace(dir)
    expect(result.success ? [] : result.diagnostics.map((d) => `${d.code} ${d.file ?? '-'}`)).toEqual([
      'RW098 -',
      'RW091 x.strategy.yaml',
    ])
  })
})
