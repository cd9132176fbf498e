// The event feed's live node entries: an open interaction's trace is read when the figures are asked for (once,
// however many events it had), an ended one's at once; the counts are those a read per event gave.
import { liveInteraction, type RecordInput } from '@routewright/history'
import type { TraceEntry } from '@routewright/strategy-runtime'
import { describe, expect, it } from 'vitest'
import type { ServerEvent } from '../src/core/types.ts'
import { createEventFeed } from '../src/history/event-feed.ts'
import { RecordWindow } from '../src/monitor/record-window.ts'

const enter = (node: string, at = 0): TraceEntry => ({ at, strategy: 'support', node, kind: 'enter' })
const event = (type: string, interaction: string, extra: Record<string, unknown> = {}) =>
  ({ type, interaction, at: 0, version: 'v1', ...extra }) as unknown as ServerEvent

function make() {
  const traces = new Map<string, TraceEntry[]>()
  const reads: string[] = []
  const directories: string[] = []
  const recorder: RecordInput = {
    onEvent: () => {},
    submitted: () => {},
    agentEvent: () => {},
    completed: () => {},
    transferred: () => {},
    strategiesChanged: () => {},
    directoryChanged: (directory) => directories.push(directory.directory),
    resumed: () => {},
  }
  const window = new RecordWindow(
    {
      emptySums: () => ({}) as never,
      addInteraction: () => {},
      addOverflowOut: () => {},
      reportKeys: () => [],
      liveInteraction: liveInteraction,
    },
    () => 60_000,
  )
  const feed = createEventFeed({
    kit: {
      createRecordsBuilder: () => {
        throw new Error('the recorder builds the records here')
      },
    },
    coordinator: {
      interaction: async () => undefined,
      trace: async (id) => {
        reads.push(id)
        return traces.get(id)
      },
    },
    now: () => 0,
    emit: () => {},
    recorder,
    onTrace: (trace) => window.trace(trace),
    onProgress: (id, trace, ended) => window.progress(id, trace, ended),
    onError: (error) => {
      throw error
    },
  })
  return { traces, reads, directories, window, feed }
}

it("tells the recorder each deployed workspace's directory (queue and agent groups for the records)", async () => {
  const { directories, feed } = make()
  feed.deployed({ strategies: [], directory: { directory: 'prod', format: 1 } } as never)
  await feed.idle()
  expect(directories).toEqual(['prod'])
})

describe('event feed: live node entries', () => {
  it('reads no trace on an open interaction’s events until the figures are asked for, then once', async () => {
    const { traces, reads, window, feed } = make()
    traces.set('x1', [enter('greet'), enter('pick')])
    feed.onEvent(event('queued', 'x1', { node: 'pick', priority: 0, targets: [] }))
    feed.onEvent(event('timeout', 'x1', { node: 'pick' }))
    traces.get('x1')!.push(enter('overflow'))
    feed.onEvent(event('queued', 'x1', { node: 'overflow', priority: 0, targets: [] }))
    await feed.idle()
    expect(reads).toEqual([])
    expect(window.liveNodeEntries()).toEqual({})

    await feed.readProgress()
    expect(reads).toEqual(['x1'])
    expect(window.liveNodeEntries()).toEqual({ 'support/greet': 1, 'support/overflow': 1, 'support/pick': 1 })
    // nothing moved since: nothing read again
    await feed.readProgress()
    expect(reads).toEqual(['x1'])
  })

  it('counts each entry once across reads, and an ended interaction’s rest at once', async () => {
    const { traces, reads, window, feed } = make()
    traces.set('x1', [enter('greet')])
    feed.onEvent(event('queued', 'x1', { node: 'greet', priority: 0, targets: [] }))
    await feed.readProgress()
    traces.get('x1')!.push(enter('pick'))
    feed.onEvent(event('finished', 'x1', { outcome: 'routed' }))
    await feed.idle()
    expect(reads).toEqual(['x1', 'x1'])
    expect(window.liveNodeEntries()).toEqual({ 'support/greet': 1, 'support/pick': 1 })
    expect(window.nodeEntries()).toEqual({ 'support/greet': 1, 'support/pick': 1 })
    // ended: a later request for the figures reads nothing more of it
    await feed.readProgress()
    expect(reads).toEqual(['x1', 'x1'])
  })

  it('reads a failed interaction’s trace at once and forgets it', async () => {
    const { traces, reads, window, feed } = make()
    traces.set('x2', [enter('greet')])
    feed.onEvent(event('queued', 'x2', { node: 'greet', priority: 0, targets: [] }))
    feed.onEvent(event('failed', 'x2', { reason: 'no agent' }))
    await feed.idle()
    expect(reads).toEqual(['x2'])
    expect(window.liveNodeEntries()).toEqual({ 'support/greet': 1 })
    await feed.readProgress()
    expect(reads).toEqual(['x2'])
  })

  it('skips an interaction the coordinator no longer knows, and reads events without one not at all', async () => {
    const { reads, window, feed } = make()
    feed.onEvent(event('queued', 'gone', { node: 'greet', priority: 0, targets: [] }))
    feed.onEvent(event('error', '', { reason: 'bad input' }))
    await feed.readProgress()
    expect(reads).toEqual(['gone'])
    expect(window.liveNodeEntries()).toEqual({})
    await feed.readProgress()
    expect(reads).toEqual(['gone'])
  })
  it('counts a submit’s events from the trace of its view, without reading it again', async () => {
    const { traces, reads, window, feed } = make()
    traces.set('x3', [enter('greet', 5), enter('pick', 5)])
    feed.onEvent(event('routed', 'x3', { at: 5 }))
    feed.submitDone('x3', { trace: traces.get('x3')!, updatedAt: 5 })
    await feed.readProgress()
    expect(reads).toEqual([])
    expect(window.liveNodeEntries()).toEqual({ 'support/greet': 1, 'support/pick': 1 })
  })

  it('reads the trace when an event came after the submit’s view', async () => {
    const { traces, reads, window, feed } = make()
    traces.set('x4', [enter('greet', 5)])
    feed.onEvent(event('queued', 'x4', { at: 5 }))
    traces.get('x4')!.push(enter('overflow', 9))
    feed.onEvent(event('timeout', 'x4', { at: 9 }))
    feed.submitDone('x4', { trace: [enter('greet', 5)], updatedAt: 5 })
    await feed.readProgress()
    expect(reads).toEqual(['x4'])
    expect(window.liveNodeEntries()).toEqual({ 'support/greet': 1, 'support/overflow': 1 })
  })
})
