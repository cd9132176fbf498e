// A child started through tiedCommand ends when the process that started it dies, even by SIGKILL (an interrupted
// test run): here a go-between Node process starts `sleep`, prints its pid and is killed.
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { tiedCommand } from '@routewright/node-support'
import { eventually } from '@routewright/node-support/testing'
import { describe, expect, it } from 'vitest'

// the built module, as the go-between is plain Node (npm test builds first)
const tiedModule = path.resolve(import.meta.dirname, '../dist/tied-child.js')

/** Alive and not a zombie waiting for init to reap it. */
function running(pid: number): boolean {
  try {
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.startsWith('Z')
  } catch {
    return false
  }
}

/** The program `pid` runs now (empty once it is gone). */
function command(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim()
  } catch {
    return ''
  }
}

/** Starts a Node process that starts `sleep 600` (tied or not) and returns both pids. */
async function goBetween(tied: boolean): Promise<{ parent: number; child: number }> {
  const script = `
    import { spawn } from 'node:child_process'
    import { tiedCommand } from ${JSON.stringify(tiedModule)}
    const line = ${tied} ? tiedCommand('sleep', ['600']) : ['sleep', ['600']]
    const child = spawn(line[0], line[1], { stdio: 'ignore' })
    console.log(child.pid)
    setInterval(() => {}, 1000)`
  const parent = spawn(process.execPath, ['--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const child = await new Promise<number>((resolve) =>
    parent.stdout.once('data', (d) => resolve(Number(String(d)))),
  )
  return { parent: parent.pid!, child }
}

describe.runIf(process.platform === 'linux' && existsSync('/usr/bin/setpriv'))('tiedCommand', () => {
  it('runs the command itself under the pid spawned (setpriv execs it)', () => {
    const [command, args] = tiedCommand('sh', ['-c', 'echo $$; exec cat /proc/$$/comm'])
    const [pid, comm] = execFileSync(command, args).toString().trim().split('\n')
    expect(Number(pid)).toBeGreaterThan(0)
    expect(comm).toBe('cat')
  })

  it('ends the child when its parent is killed', async () => {
    const { parent, child } = await goBetween(true)
    // setpriv sets the death signal and then execs sleep: a parent killed before that (a loaded machine, right after
    // spawn) leaves nothing tied yet, so the tie is tested once the child is sleep
    await eventually(() => command(child) === 'sleep', 5000)
    process.kill(parent, 'SIGKILL')
    await eventually(() => !running(child), 5000)
  })

  it('leaves an untied child running (what the tie is for)', async () => {
    const { parent, child } = await goBetween(false)
    process.kill(parent, 'SIGKILL')
    await new Promise((resolve) => setTimeout(resolve, 300))
    try {
      expect(running(child)).toBe(true)
    } finally {
      process.kill(child, 'SIGKILL')
    }
  })
})
