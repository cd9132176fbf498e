// `npm run demo:sip` runs the built package in plain Node, where the history package's TypeScript does not load:
// the demo hands serve the history build, without which serve refuses the examples' alarms.yaml.
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { BUILT_HISTORY, loadBuiltHistoryKit } from '../src/history-kit.ts'

describe('the history kit the demo gives serve', () => {
  it('is the build of @routewright/history, with the functions serve calls', async () => {
    expect(fileURLToPath(BUILT_HISTORY)).toMatch(/packages\/history\/dist\/index\.js$/)
    const kit = await loadBuiltHistoryKit()
    for (const name of ['createRecordsBuilder', 'createHistoryRecorder', 'figuresOf', 'reportKeys'] as const)
      expect(typeof kit[name]).toBe('function')
  })
})
