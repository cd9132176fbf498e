import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { sampledBytes } from '../../test/sampled-bytes.ts'
import { ExplanationTexts } from './explanation-texts.ts'

/** What a batch's texts cost each take: bytes allocated (V8's sampling heap profiler) per batch of `size` texts. */
async function bytesPerBatch(texts: Pick<ExplanationTexts, 'get' | 'set' | 'clear'>, size: number) {
  const keys = Array.from({ length: size }, (_, i) => ({ node: `n${i}` }))
  const values = keys.map((key) => JSON.stringify(key))
  const batch = () => {
    for (let i = 0; i < size; i++) if (texts.get(keys[i]!) === undefined) texts.set(keys[i]!, values[i]!)
    texts.clear()
  }
  // the first batches grow what is kept (and warm the code)
  for (let i = 0; i < 50; i++) batch()
  const batches = 2000
  const bytes = await sampledBytes(() => {
    for (let i = 0; i < batches; i++) batch()
  })
  return bytes / batches
}

describe('ExplanationTexts', () => {
  it('answers as a Map would, past the texts it scans too', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('set' as const), key: fc.nat(150) }),
      fc.record({ kind: fc.constant('get' as const), key: fc.nat(150) }),
      fc.record({ kind: fc.constant('clear' as const) }),
    )
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
        const keys = Array.from({ length: 151 }, () => ({}))
        const texts = new ExplanationTexts()
        const model = new Map<object, string>()
        for (const o of ops) {
          if (o.kind === 'clear') {
            texts.clear()
            model.clear()
          } else if (o.kind === 'get') expect(texts.get(keys[o.key]!)).toBe(model.get(keys[o.key]!))
          else if (!model.has(keys[o.key]!)) {
            // as its callers do: a text is set only where get answered none
            texts.set(keys[o.key]!, `t${o.key}`)
            model.set(keys[o.key]!, `t${o.key}`)
          }
        }
        for (const key of keys) expect(texts.get(key)).toBe(model.get(key))
      }),
    )
  })

  // a Map's clear() gives it a new smallest table, grown again by each batch: 1-2 KB a take, alive while the batch
  // waits for its commit, so a scavenge copies it (issue #8's pauses)
  it('allocates nothing from one batch to the next', async () => {
    // a Map here: about 1,850 bytes a batch of 20
    expect(await bytesPerBatch(new ExplanationTexts(), 20)).toBeLessThan(100)
  })
})
