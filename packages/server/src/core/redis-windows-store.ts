// How the statistics windows are laid out in Redis: a hash with one JSON field per subject and time slice (format 3:
// `agent:a1@5912345`, `@old`, `@recent`; format 2 had one field per subject) and a small header field, written field
// by field (only the parts that changed) by a script fenced by the epoch, and read back into one window snapshot; a
// format-2 hash and a format-1 string document of older processes are still read (the upgrade path).
import {
  type DecodedWindows,
  mergeWindowSlices,
  WINDOW_SLICE_MS,
  WINDOW_SNAPSHOT_FORMAT,
  type WindowSnapshot,
} from '@routewright/strategy-runtime'

/** The stored layout's format: a process refuses (and says so) windows newer than it reads. */
export const WINDOWS_FORMAT = 3
/** The layout of one field per subject (whole parts), still read: a rolling upgrade continues its figures. */
export const SUBJECTS_FORMAT = 2

/** The hash field holding the header; subject keys are `group:…`, `queue:…`, `agent:…`, never this. */
export const HEADER_FIELD = '#header'

/** The header field's JSON: when the routing process wrote last, the current version then, the snapshot format. */
export interface WindowsHeader {
  format: typeof WINDOWS_FORMAT | typeof SUBJECTS_FORMAT
  /** When the routing process wrote last (its clock); every subject field is as of then. */
  at: number
  current?: string
  snapshot: number
  /** Format 3: the slices' length (window-slices.ts WINDOW_SLICE_MS), for whoever reads the hash by hand. */
  sliceMs?: number
}

/**
 * What older processes (format 1) kept under `<prefix>windows`, one JSON string: the windows under the version
 * current when they were written (processes that kept a provider per version wrote one per version).
 */
export interface StoredWindowsV1 {
  format: 1
  at: number
  current?: string
  versions: Record<string, WindowSnapshot>
}

/** Redis argument count per HSET/HDEL inside the script: Lua's unpack stops at a few thousand values. */
const CHUNK = 1000

/**
 * What a full write leaves under the format-1 key instead of the windows: a process rolled back to format 1 reads
 * it, refuses it as another format and logs that its windows start from zero (written by a newer Routewright),
 * instead of finding nothing and starting from zero without a word. A format-2 reader skips it.
 */
export interface MovedWindows {
  format: typeof WINDOWS_FORMAT
  /** The hash that holds the windows now. */
  movedTo: string
  note: string
}

/** The note of the format-1 key's marker, for whoever reads the key with redis-cli. */
export const MOVED_NOTE =
  'statistics windows are a hash at movedTo since format 2 (parts per time slice since format 3); a process that reads only format 1 starts them from zero'

/**
 * Most characters of field names and values (and deleted names) one store command carries. A larger write goes as
 * several commands, one after the other's answer: neither this thread encoding a command nor Redis running the
 * script (every commit waits behind it) is held up by a whole write at once, which for a full write of a large
 * directory (a takeover, Redis back without its data) is megabytes.
 */
export const STORE_CHUNK_CHARS = 16 * 1024

/** A full write abandoned midway (Redis errors) leaves its staging hash: Redis drops it after this long. */
const STAGING_TTL_MS = 600_000

/**
 * Writes the windows only while the writer still holds the epoch. KEYS: epoch, hash, format-1 key, staging hash.
 * ARGV: epoch, mode, n, n fields to delete, then field/value pairs (the header's among them, in the last command).
 * Modes: '0' a partial write's command, straight into the hash (a process that dies between two of them leaves
 * subjects of this write beside older ones, each whole); '1' a full write in one command (drops the hash first and
 * puts a MovedWindows marker in place of the format-1 document); 's', 'm', 'e' the first, a middle and the last
 * command of a full write in several: they fill the staging hash, and the last renames it over the hash and puts the
 * marker in place, so the hash goes from the old windows to the new ones at once (a writer that dies or loses the
 * epoch midway leaves the old ones).
 * Returns 1 when written, 0 when the epoch is another's. The header's `sliceMs` is the slice length it wrote with.
 */
export const STORE_WINDOWS = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
local MARKER = '{"format":${WINDOWS_FORMAT},"movedTo":' .. cjson.encode(KEYS[2]) .. ',"note":"${MOVED_NOTE}"}'
local mode = ARGV[2]
local target = KEYS[2]
if mode == '1' then
  redis.call('DEL', KEYS[2])
  redis.call('SET', KEYS[3], MARKER)
end
if mode == 's' then redis.call('DEL', KEYS[4]) end
if mode == 's' or mode == 'm' or mode == 'e' then target = KEYS[4] end
local n = tonumber(ARGV[3])
local i = 4
while i < 4 + n do
  local last = math.min(i + ${CHUNK - 1}, 3 + n)
  redis.call('HDEL', target, unpack(ARGV, i, last))
  i = last + 1
end
while i <= #ARGV do
  local last = math.min(i + ${CHUNK - 1}, #ARGV)
  redis.call('HSET', target, unpack(ARGV, i, last))
  i = last + 1
end
if target == KEYS[4] then redis.call('PEXPIRE', KEYS[4], ${STAGING_TTL_MS}) end
if mode == 'e' then
  redis.call('RENAME', KEYS[4], KEYS[2])
  redis.call('PERSIST', KEYS[2])
  redis.call('SET', KEYS[3], MARKER)
end
return 1
`

/** The script's arguments for a write in one command (`fields`: flat field/value pairs, the header last). */
export function storeArgs(
  epoch: number,
  full: boolean,
  removed: readonly string[],
  fields: string[],
): string[] {
  return [String(epoch), full ? '1' : '0', String(removed.length), ...removed, ...fields]
}

/**
 * The script's arguments for one write as commands of about `chunkChars` each (at least one field or deleted name
 * each; the fields go first and the deletions after them, so a writer that dies midway leaves a subject's new old part
 * beside slices it had not deleted yet, never a gap; the header, last of `fields`, goes with the last command). One
 * command when it fits.
 */
export function storeCommands(
  epoch: number,
  full: boolean,
  removed: readonly string[],
  fields: readonly string[],
  chunkChars = STORE_CHUNK_CHARS,
): string[][] {
  let size = 0
  for (const name of removed) size += name.length
  for (const text of fields) size += text.length
  if (size <= chunkChars) return [storeArgs(epoch, full, removed, fields as string[])]
  const commands: Array<{ removed: string[]; fields: string[] }> = []
  let current = { removed: [] as string[], fields: [] as string[] }
  let chars = 0
  const room = (more: number) => {
    if (chars > 0 && chars + more > chunkChars) {
      commands.push(current)
      current = { removed: [], fields: [] }
      chars = 0
    }
    chars += more
  }
  const header = fields.length - 2
  for (let i = 0; i < header; i += 2) {
    room(fields[i]!.length + fields[i + 1]!.length)
    current.fields.push(fields[i]!, fields[i + 1]!)
  }
  for (const name of removed) {
    room(name.length)
    current.removed.push(name)
  }
  if (header >= 0) {
    room(fields[header]!.length + fields[header + 1]!.length)
    current.fields.push(fields[header]!, fields[header + 1]!)
  }
  commands.push(current)
  // one field larger than a command's share still goes alone, as a write in one command
  if (commands.length === 1) return [storeArgs(epoch, full, removed, fields as string[])]
  const last = commands.length - 1
  const mode = (k: number) => (!full ? '0' : k === 0 ? 's' : k === last ? 'e' : 'm')
  return commands.map((c, k) => [String(epoch), mode(k), String(c.removed.length), ...c.removed, ...c.fields])
}

/** The windows read back, or why they cannot be (a message for the log, with its fields). */
export type ReadWindows =
  | { kind: 'none' }
  | {
      kind: 'windows'
      /** Format 3's parts come joined into rows (restored as they are), formats 1 and 2 as a snapshot. */
      snapshot: WindowSnapshot | DecodedWindows
      from: string | undefined
      at: number | undefined
      layout: 'slices' | 'hash' | 'format-1 document'
    }
  | { kind: 'refused'; message: string; fields: Record<string, unknown> }

function otherFormat(key: string, format: unknown): ReadWindows {
  return {
    kind: 'refused',
    message: 'statistics windows in Redis are of another format; they start from zero',
    fields: {
      key,
      format,
      reads: WINDOWS_FORMAT,
      ...(typeof format === 'number' && format > WINDOWS_FORMAT
        ? { hint: 'written by a newer Routewright: run the same version in every process' }
        : {}),
    },
  }
}

/** The hash's fields (HGETALL's flat reply) as one snapshot: parts per time slice (format 3) or per subject (2). */
export function readHash(key: string, flat: readonly string[]): ReadWindows {
  if (flat.length === 0) return { kind: 'none' }
  let header: Partial<WindowsHeader> | undefined
  const fields: Array<[string, unknown]> = []
  for (let i = 0; i < flat.length; i += 2) {
    const field = flat[i]!
    let value: unknown
    try {
      value = JSON.parse(flat[i + 1]!)
    } catch {
      return {
        kind: 'refused',
        message: 'statistics windows in Redis are not JSON; they start from zero',
        fields: { key, field },
      }
    }
    if (field === HEADER_FIELD) header = value as Partial<WindowsHeader>
    else fields.push([field, value])
  }
  if (header === undefined || typeof header !== 'object' || header === null)
    return {
      kind: 'refused',
      message: 'statistics windows in Redis have no header; they start from zero',
      fields: { key, field: HEADER_FIELD },
    }
  if (
    (header.format !== WINDOWS_FORMAT && header.format !== SUBJECTS_FORMAT) ||
    typeof header.at !== 'number'
  )
    return otherFormat(key, header.format)
  // a write with no current version (nothing deployed yet) has no subjects: nothing to continue
  if (header.current === undefined && fields.length === 0) return { kind: 'none' }
  const snapshotFormat = (header.snapshot ?? WINDOW_SNAPSHOT_FORMAT) as typeof WINDOW_SNAPSHOT_FORMAT
  let snapshot: WindowSnapshot | DecodedWindows
  if (header.format === SUBJECTS_FORMAT)
    snapshot = {
      format: snapshotFormat,
      at: header.at,
      subjects: Object.fromEntries(fields) as WindowSnapshot['subjects'],
    }
  else {
    try {
      snapshot = mergeWindowSlices(fields, { at: header.at, format: snapshotFormat })
    } catch (error) {
      return {
        kind: 'refused',
        message: 'statistics windows in Redis could not be read; they start from zero',
        fields: { key, error: (error as Error).message },
      }
    }
  }
  return {
    kind: 'windows',
    snapshot,
    from: header.current,
    at: header.at,
    layout: header.format === SUBJECTS_FORMAT ? 'hash' : 'slices',
  }
}

/** The header a format-3 write ends with. */
export function sliceHeader(at: number, current: string | undefined): WindowsHeader {
  return {
    format: WINDOWS_FORMAT,
    at,
    ...(current === undefined ? {} : { current }),
    snapshot: WINDOW_SNAPSHOT_FORMAT,
    sliceMs: WINDOW_SLICE_MS,
  }
}

/** A format-1 document (an older process's): its current version's windows, else its first version's. */
export function readDocument(key: string, text: string): ReadWindows {
  let stored: Partial<StoredWindowsV1> | Partial<MovedWindows>
  try {
    stored = JSON.parse(text) as Partial<StoredWindowsV1> | Partial<MovedWindows>
  } catch {
    return {
      kind: 'refused',
      message: 'statistics windows in Redis are not JSON; they start from zero',
      fields: { key },
    }
  }
  // the marker a format-2 write leaves for format-1 readers: the windows are in the hash (found empty)
  const format: unknown = stored.format
  if ((format === WINDOWS_FORMAT || format === SUBJECTS_FORMAT) && 'movedTo' in stored)
    return { kind: 'none' }
  if (
    stored.format !== 1 ||
    !('versions' in stored) ||
    typeof stored.versions !== 'object' ||
    stored.versions === null
  )
    return otherFormat(key, stored.format)
  const from =
    stored.current !== undefined && stored.versions[stored.current] !== undefined
      ? stored.current
      : Object.keys(stored.versions)[0]
  if (from === undefined) return { kind: 'none' }
  return {
    kind: 'windows',
    snapshot: stored.versions[from]!,
    from,
    at: stored.at,
    layout: 'format-1 document',
  }
}
