import { describe, expect, it } from 'vitest'
import { createKeyedLock } from './keyed-lock.ts'

function deferred() {
  let resolve!: () => void
  const promise = new Promise<void>((r) => {
    resolve = r
  })
  return { promise, resolve }
}

describe('keyed lock', () => {
  it('runs tasks on one key one after the other, in order', async () => {
    const lock = createKeyedLock()
    const log: string[] = []
    const gate = deferred()
    const first = lock.run(['a'], async () => {
      log.push('first starts')
      await gate.promise
      log.push('first ends')
    })
    const second = lock.run(['a'], async () => {
      log.push('second')
    })
    await Promise.resolve()
    await Promise.resolve()
    expect(log).toEqual(['first starts'])
    gate.resolve()
    await Promise.all([first, second])
    expect(log).toEqual(['first starts', 'first ends', 'second'])
    expect(lock.busy()).toEqual([])
  })

  it('lets a task on another key run while one key is held', async () => {
    const lock = createKeyedLock()
    const gate = deferred()
    const slow = lock.run(['a'], () => gate.promise)
    await expect(lock.run(['b'], async () => 'b done')).resolves.toBe('b done')
    expect(lock.busy()).toEqual(['a'])
    gate.resolve()
    await slow
  })

  it('holds every key of a multi-key task and keeps going after a failure', async () => {
    const lock = createKeyedLock()
    const gate = deferred()
    const log: string[] = []
    const move = lock.run(['a', 'b'], async () => {
      await gate.promise
      log.push('move')
      throw new Error('refused')
    })
    const onB = lock.run(['b'], async () => {
      log.push('b')
    })
    gate.resolve()
    await expect(move).rejects.toThrow('refused')
    await onB
    expect(log).toEqual(['move', 'b'])
  })
})
