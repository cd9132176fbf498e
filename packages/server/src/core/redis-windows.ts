// The routing process's statistics windows in Redis: it routes every version with one memory provider made here,
// writes its windowed figures (fenced by its epoch) about once a second while they change and once more when it
// hands over, and the next routing process continues them before it routes, so service level, ASA and handle times
// go on.
import {
  type Clock,
  createMemoryStatProvider,
  createRealClock,
  createWindowReuse,
  type MemoryStatProvider,
  type SubjectWindows,
  WINDOW_SNAPSHOT_FORMAT,
  type WindowSnapshot,
} from '@routewright/strategy-runtime'
import type { DeployableWorkspace } from './coordinator.ts'
import type { InteractionRecord } from './interaction-book.ts'
import type { LocalCoordinator } from './local-coordinator.ts'
import type { RedisLink } from './redis-link.ts'

/** The stored document's format: a process refuses (and says so) a document newer than it reads. */
export const WINDOWS_FORMAT = 1

/**
 * What Redis keeps under `<prefix>windows`, one JSON string: the provider's windows under the version current when
 * they were written (one entry; processes that kept a provider per version wrote one per version, and the current
 * one's, else the first, is continued).
 */
export interface StoredWindows {
  format: typeof WINDOWS_FORMAT
  /** When the routing process wrote it (its clock). */
  at: number
  /** The current version then. */
  current?: string
  versions: Record<string, WindowSnapshot>
}

/** Longest stretch of export work before the writer lets routing run again. */
const SLICE_MS = 2

/** Sets the document only while the writer still holds the epoch. KEYS: epoch, windows. ARGV: epoch, document. */
const STORE_WINDOWS = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[2], ARGV[2])
return 1
`

export interface WindowKeeperOptions {
  link: RedisLink
  /** Key prefix of the cluster (`routewright:`). */
  prefix: string
  epochKey: string
  clock?: Clock
  /** Least time between two writes while figures change. Default 1000 ms. */
  everyMs?: number
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

export function createWindowKeeper(options: WindowKeeperOptions): WindowKeeper {
  const { link, log } = options
  const key = `${options.prefix}windows`
  const store = link.script(STORE_WINDOWS)
  const everyMs = options.everyMs ?? 1000
  const clock = options.clock ?? createRealClock()
  let provider: MemoryStatProvider | undefined
  let changed = false
  /**
   * The last write's subjects: an unchanged one (most agents of a large directory in any second) is yielded as the
   * same part by the export, and its JSON text is reused instead of encoded and stringified again.
   */
  let reuse = createWindowReuse()
  let texts = new WeakMap<SubjectWindows, string>()
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
    let text: unknown
    try {
      text = await link.send(['GET', key])
    } catch (error) {
      log('warn', 'statistics windows not read from Redis; they start from zero', {
        error: (error as Error).message,
      })
      return
    }
    if (typeof text !== 'string') return
    let stored: Partial<StoredWindows>
    try {
      stored = JSON.parse(text) as Partial<StoredWindows>
    } catch {
      log('error', 'statistics windows in Redis are not JSON; they start from zero', { key })
      return
    }
    if (stored.format !== WINDOWS_FORMAT || typeof stored.versions !== 'object' || stored.versions === null) {
      log('error', 'statistics windows in Redis are of another format; they start from zero', {
        key,
        format: stored.format,
        reads: WINDOWS_FORMAT,
        ...(typeof stored.format === 'number' && stored.format > WINDOWS_FORMAT
          ? { hint: 'written by a newer Routewright: run the same version in every process' }
          : {}),
      })
      return
    }
    // the current version's (a document of processes that kept a provider per version has one per version)
    const from =
      stored.current !== undefined && stored.versions[stored.current] !== undefined
        ? stored.current
        : Object.keys(stored.versions)[0]
    if (from === undefined) return
    try {
      provider.restoreWindows(stored.versions[from])
    } catch (error) {
      log('error', 'statistics windows could not be continued; they start from zero', {
        from,
        error: (error as Error).message,
      })
      return
    }
    log('info', 'statistics windows continued from Redis', {
      from,
      versions,
      writtenAt: stored.at,
      ageMs: typeof stored.at === 'number' ? now() - stored.at : undefined,
    })
  }

  async function writeNow(epoch: number, local: LocalCoordinator): Promise<void> {
    changed = false
    lastWrite = now()
    const current = (await local.versions()).find((v) => v.status === 'current')?.version
    const at = now()
    // built subject by subject, yielding to the event loop every SLICE_MS: a large export never stalls routing long
    let busy = 0
    let slice = performance.now()
    const subjects: string[] = []
    for (const [subject, windows] of provider?.windowEntries({ reuse }) ?? []) {
      let text = texts.get(windows)
      if (text === undefined) {
        text = `${JSON.stringify(subject)}:${JSON.stringify(windows)}`
        texts.set(windows, text)
      }
      subjects.push(text)
      if (performance.now() - slice < SLICE_MS) continue
      busy += performance.now() - slice
      await new Promise<void>((resolve) => setImmediate(resolve))
      slice = performance.now()
    }
    const snapshot = `{"format":${WINDOW_SNAPSHOT_FORMAT},"at":${at},"subjects":{${subjects.join(',')}}}`
    const versions = provider && current ? `${JSON.stringify(current)}:${snapshot}` : ''
    const head = `"format":${WINDOWS_FORMAT},"at":${at}${current ? `,"current":${JSON.stringify(current)}` : ''}`
    const text = `{${head},"versions":{${versions}}}`
    busy += performance.now() - slice
    // a large state is written less often: at most about 5 % of this thread goes to it
    gapMs = Math.max(everyMs, 20 * busy)
    try {
      await store([options.epochKey, key], [String(epoch), text])
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
      reuse = createWindowReuse()
      texts = new WeakMap()
      adopted.clear()
      changed = false
      lastWrite = Number.NEGATIVE_INFINITY
    },
    restore,
    write,
    invalidate() {
      changed = true
      lastWrite = Number.NEGATIVE_INFINITY
    },
  }
}
