// The routing process's statistics windows in Redis: it routes every version with one memory provider made here,
// writes its windowed figures (fenced by its epoch) about once a second while they change and once more when it
// hands over, and the next routing process continues them before it routes, so service level, ASA and handle times
// go on.
import {
  applySliceChange,
  type Clock,
  createMemoryStatProvider,
  createRealClock,
  createWindowSliceState,
  type MemoryStatProvider,
  type SliceChange,
  type WindowSliceState,
} from '@routewright/strategy-runtime'
import type { DeployableWorkspace } from './coordinator.ts'
import type { InteractionRecord } from './interaction-book.ts'
import type { LocalCoordinator } from './local-coordinator.ts'
import type { RedisLink } from './redis-link.ts'
import {
  HEADER_FIELD,
  type ReadWindows,
  readDocument,
  readHash,
  STORE_WINDOWS,
  sliceHeader,
  storeCommands,
} from './redis-windows-store.ts'

/**
 * Longest stretch of export work before the writer lets routing run again: a submit arriving meanwhile waits for
 * the rest of the slice (at 1,000 interactions a second about one arrives in each millisecond).
 */
const SLICE_MS = 0.5

export interface WindowKeeperOptions {
  link: RedisLink
  /** Key prefix of the cluster (`routewright:`). */
  prefix: string
  epochKey: string
  clock?: Clock
  /** Least time between two writes while figures change. Default 1000 ms. */
  everyMs?: number
  /** Characters of fields one store command carries (redis-windows-store.ts STORE_CHUNK_CHARS by default). */
  chunkChars?: number
  log: (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void
}

export interface WindowKeeper {
  /**
   * LocalCoordinatorOptions.stats: the routing process's one memory provider (made with the first version it
   * deploys, shared by every version), kept so its windows can be written.
   */
  statsFor(workspace: DeployableWorkspace): MemoryStatProvider
  /** A new routing process: the provider of the last one is not this one's. */
  forget(): void
  /**
   * Continues the stored windows in the provider (agents' states set, nothing routed yet); the interactions
   * connected when routing changed hands are handed to it first, so their completion counts. `versions`: the
   * versions deployed, for the log.
   */
  restore(versions: readonly string[], open?: readonly { record: InteractionRecord }[]): Promise<void>
  /** The host completed an interaction: one connected at the takeover is counted here (no router knows it). */
  completing(id: string): void
  /** Writes the windows when they changed and the last write is `everyMs` old (`force`: now, changed or not). */
  write(epoch: number, local: LocalCoordinator, force?: boolean): Promise<void>
  /** Redis lost its data: the next write goes through even if nothing changed. */
  invalidate(): void
}

/** Whether `a` was written after `b` (one without a time is the older). */
function newer(a: { at: number | undefined }, b: { at: number | undefined }): boolean {
  return (a.at ?? Number.NEGATIVE_INFINITY) > (b.at ?? Number.NEGATIVE_INFINITY)
}

export function createWindowKeeper(options: WindowKeeperOptions): WindowKeeper {
  const { link, log } = options
  /** The windows' hash (redis-windows-store.ts), and the format-1 document older processes wrote. */
  const key = `${options.prefix}windows:subjects`
  const legacyKey = `${options.prefix}windows`
  /** A full write in several commands fills this hash, then renames it over `key` (redis-windows-store.ts). */
  const stagingKey = `${options.prefix}windows:staging`
  const store = link.script(STORE_WINDOWS)
  const everyMs = options.everyMs ?? 1000
  const clock = options.clock ?? createRealClock()
  let provider: MemoryStatProvider | undefined
  let changed = false
  /**
   * What the last successful writes left in Redis, by subject (window-slices.ts): a write sends only the time-slice
   * parts a change touched since, so its cost follows the traffic, not the uptime. None (a new process, Redis lost
   * its data): the next write writes every part. Updated in place once Redis took a write.
   */
  let written: WindowSliceState | undefined
  /** Counts forget() and invalidate(): a write begun before one of them does not set `written` when it ends. */
  let generation = 0
  /** Interactions connected at the takeover, by id: their agent and media. */
  const adopted = new Map<string, { agent: string; media: string }>()
  let lastWrite = Number.NEGATIVE_INFINITY
  let writing: Promise<void> | undefined
  /** Least time between writes: `everyMs`, more when a write costs more than 5 % of it. */
  let gapMs = everyMs
  const now = () => clock.now()

  function statsFor(workspace: DeployableWorkspace): MemoryStatProvider {
    if (provider) return provider
    const made = createMemoryStatProvider({ clock, directory: workspace.directory })
    const record = made.record.bind(made)
    made.record = (event) => {
      changed = true
      record(event)
    }
    const updateDirectory = made.updateDirectory.bind(made)
    // a reload's directory moves agents' figures and drops removed subjects: written like any change
    made.updateDirectory = (directory, keep) => {
      changed = true
      updateDirectory(directory, keep)
    }
    provider = made
    return made
  }

  async function restore(
    versions: readonly string[],
    open: readonly { record: InteractionRecord }[] = [],
  ): Promise<void> {
    if (!provider) return
    for (const { record } of open) {
      if (record.state !== 'connected' || !record.agent) continue
      // its agent's load and routing time, no answer (the windows below have it already): handle time counts on
      const { id, agent, media } = record
      provider.record({
        type: 'interaction-routed',
        interaction: id,
        agent,
        targets: [],
        media,
        at: record.updatedAt,
      })
      adopted.set(id, { agent, media })
    }
    let read: ReadWindows
    try {
      read = readHash(key, (await link.send(['HGETALL', key])) as string[])
      // the upgrade path: an older process's format-1 document is continued once, then replaced by the hash; also
      // when a process rolled back to format 1 wrote it after the hash (the hash is then the older)
      const text = await link.send(['GET', legacyKey])
      if (typeof text === 'string') {
        const legacy = readDocument(legacyKey, text)
        if (
          read.kind === 'none' ||
          (read.kind === 'windows' && legacy.kind === 'windows' && newer(legacy, read))
        )
          read = legacy
      }
    } catch (error) {
      log('warn', 'statistics windows not read from Redis; they start from zero', {
        error: (error as Error).message,
      })
      return
    }
    if (read.kind === 'none') return
    if (read.kind === 'refused') {
      log('error', read.message, read.fields)
      return
    }
    const { snapshot, from, at, layout } = read
    try {
      provider.restoreWindows(snapshot)
    } catch (error) {
      log('error', 'statistics windows could not be continued; they start from zero', {
        from,
        error: (error as Error).message,
      })
      return
    }
    log('info', 'statistics windows continued from Redis', {
      from,
      layout,
      versions,
      writtenAt: at,
      ageMs: typeof at === 'number' ? now() - at : undefined,
    })
  }

  async function writeNow(epoch: number, local: LocalCoordinator): Promise<void> {
    changed = false
    lastWrite = now()
    const current = (await local.versions()).find((v) => v.status === 'current')?.version
    const at = now()
    // only the parts (subject and time slice) a change touched since the last successful write, and those of
    // subjects gone since (a reload's directory drops subjects); built subject by subject, yielding to the event
    // loop every SLICE_MS
    const began = generation
    const full = written === undefined
    const state = written ?? createWindowSliceState()
    /** What this write records of each subject once Redis has it. */
    const sent: Array<Pick<SliceChange, 'subject' | 'next'>> = []
    const fields: string[] = []
    const removed: string[] = []
    let busy = 0
    let slice = performance.now()
    for (const change of (current && provider?.windowSliceChanges(state)) || []) {
      for (const [name, part] of change.set) fields.push(name, JSON.stringify(part))
      for (const name of change.removed) removed.push(name)
      sent.push({ subject: change.subject, next: change.next })
      if (performance.now() - slice < SLICE_MS) continue
      busy += performance.now() - slice
      await new Promise<void>((resolve) => setImmediate(resolve))
      slice = performance.now()
    }
    fields.push(HEADER_FIELD, JSON.stringify(sliceHeader(at, current)))
    busy += performance.now() - slice
    // a large change is written less often: at most about 5 % of this thread goes to it
    gapMs = Math.max(everyMs, 20 * busy)
    try {
      // a large write goes as several commands, each sent once the one before is answered
      let done: unknown = 1
      for (const args of storeCommands(epoch, full, removed, fields, options.chunkChars)) {
        done = await store([options.epochKey, key, legacyKey, stagingKey], args)
        if (done !== 1) break
      }
      // a writer that lost the epoch wrote nothing more: what Redis holds is not what it remembers
      if (done === 1 && generation === began) {
        for (const change of sent) applySliceChange(state, change)
        written = state
      }
    } catch (error) {
      changed = true
      log('warn', 'statistics windows not written to Redis; retrying', { error: (error as Error).message })
    }
  }

  function write(epoch: number, local: LocalCoordinator, force = false): Promise<void> {
    if (writing) return force ? writing.then(() => write(epoch, local, true)) : writing
    if (!force && (!changed || now() - lastWrite < gapMs)) return Promise.resolve()
    writing = writeNow(epoch, local).finally(() => {
      writing = undefined
    })
    return writing
  }

  return {
    statsFor,
    completing(id) {
      const entry = adopted.get(id)
      if (!entry) return
      adopted.delete(id)
      const { agent, media } = entry
      provider?.record({ type: 'interaction-completed', interaction: id, agent, media, at: now() })
    },
    forget() {
      provider = undefined
      written = undefined
      generation++
      adopted.clear()
      changed = false
      lastWrite = Number.NEGATIVE_INFINITY
    },
    restore,
    write,
    invalidate() {
      changed = true
      written = undefined
      generation++
      lastWrite = Number.NEGATIVE_INFINITY
    },
  }
}
