// The event ring: resuming clients read the same frames live streams got, whether or not a stream framed them.
import { describe, expect, it } from 'vitest'
import { EventLog, newFirstEventId } from '../src/core/event-log.ts'
import type { ControlEvent } from '../src/core/types.ts'

const deployed = (version: string): ControlEvent => ({
  type: 'version-deployed',
  version,
  strategies: ['support'],
  at: 0,
})

describe('EventLog', () => {
  it('gives a resuming client the frames a live stream sent, framed once, and frames unsent ones on demand', () => {
    const log = new EventLog(10)
    log.append(deployed('v1')) // nobody listens: kept as the event
    const bytes: Buffer[] = []
    const stop = log.subscribe((entry) => bytes.push(log.frame(entry), log.frame(entry)))
    log.append(deployed('v2'))
    stop()
    log.append(deployed('v3'))
    // the same bytes for every stream, made once
    expect(bytes[0]).toBe(bytes[1])
    const live = bytes.map((frame) => frame.toString('utf8'))
    expect(live[0]).toBe(
      'id: 2\nevent: version-deployed\ndata: {"type":"version-deployed","version":"v2","strategies":["support"],"at":0}\n\n',
    )
    const { frames, missed } = log.since(0)
    expect(missed).toBe(false)
    expect(frames).toEqual([
      live[0]!.replace(/2/, '1').replace('v2', 'v1'),
      live[0],
      live[0]!.replace(/2/, '3').replace('v2', 'v3'),
    ])
  })

  it('frames an event from the JSON its caller already made, and resumes with the same text (non-ASCII too)', () => {
    const log = new EventLog(10)
    const live: string[] = []
    log.subscribe((entry) => live.push(log.frame(entry).toString('utf8')))
    const event = deployed('v1')
    // the text committed to Redis; written here in another key order to tell it from a second JSON.stringify
    const json = '{"version":"v1 café ☎","type":"version-deployed","strategies":["support"],"at":0}'
    log.append(event, json)
    log.append(deployed('v2'))
    expect(live[0]).toBe(`id: 1\nevent: version-deployed\ndata: ${json}\n\n`)
    expect(live[1]).toContain(`data: ${JSON.stringify(deployed('v2'))}\n\n`)
    expect(log.since(0).frames).toEqual(live)
  })

  it('keeps the last `capacity` events and tells a client that missed older ones', () => {
    const log = new EventLog(2)
    for (const v of ['v1', 'v2', 'v3']) log.append(deployed(v))
    expect(log.oldestId()).toBe(2)
    const { frames, missed } = log.since(0)
    expect(missed).toBe(true)
    expect(frames.map((f) => f.slice(0, f.indexOf('\n')))).toEqual(['id: 2', 'id: 3'])
    expect(log.since(3)).toEqual({ frames: [], missed: false })
    // an id from before a restart (ahead of this log's last one)
    expect(log.since(9).missed).toBe(true)
  })

  it("reads another process's id (or one from before a restart) as missed, never as a place in its own numbering", () => {
    // two processes behind one balancer, each numbering from its own block
    const a = new EventLog(10, 5 * 2 ** 32 + 1)
    const b = new EventLog(10, 9 * 2 ** 32 + 1)
    for (const v of ['v1', 'v2', 'v3']) a.append(deployed(v))
    for (const v of ['v1', 'v2', 'v3', 'v4', 'v5']) b.append(deployed(v))
    // a client read two events from a, then a went away: its id is not b's to replay from
    const fromA = a.lastId() - 1
    expect(b.since(fromA)).toMatchObject({ missed: true })
    expect(a.since(fromA).frames).toHaveLength(1)
    expect(a.since(fromA).missed).toBe(false)
    // an id from b's future block (a newer process's) sends nothing and says so
    expect(b.since(a.lastId() + 6 * 2 ** 32)).toEqual({ frames: [], missed: true })
    // 0 still reads the whole log of this process, nothing missed
    expect(b.since(0).frames).toHaveLength(5)
    expect(b.since(0).missed).toBe(false)
    expect(b.since(0).frames[0]).toContain(`id: ${9 * 2 ** 32 + 1}\n`)
    // each new log its own block of safe integers
    const first = newFirstEventId()
    expect(Number.isSafeInteger(first + 2 ** 32)).toBe(true)
    expect((first - 1) % 2 ** 32).toBe(0)
  })
})
