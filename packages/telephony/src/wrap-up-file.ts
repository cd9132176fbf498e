// startBridgeLink's `wrapUpFile`: the wrap-ups a bridge holds, kept in a JSON file for the next bridge started under
// its id (a restart, a crash), which ends each as this one would have (wrap-ups.ts). Writes are atomic and in order:
// the latest list wins, one write at a time.
import { atomicReplace } from '@routewright/node-support/atomic-write'
import { decodeUtf8, readBoundedFile } from '@routewright/node-support/read'
import type { KeptWrapUp, WrapUpStore } from './wrap-ups.ts'

/** A kept list is small (one item per agent in after-call work); a file larger was not written by a bridge. */
const MAX_FILE_BYTES = 4 * 1024 * 1024

export interface WrapUpFile extends WrapUpStore {
  /** Resolves once the latest list saved is on disk (a stop waits for it). */
  flushed(): Promise<void>
}

/** Reads `file` (missing: nothing kept); a file that cannot be read or parsed is logged and left, nothing taken up. */
export async function openWrapUpFile(
  file: string,
  log: (message: string, fields?: Record<string, unknown>) => void,
): Promise<WrapUpFile> {
  let kept: unknown[] = []
  const read = await readBoundedFile(file, MAX_FILE_BYTES)
  if (read.ok) {
    let parsed: unknown
    try {
      parsed = JSON.parse(decodeUtf8(read.bytes) ?? '')
    } catch {
      parsed = undefined
    }
    if (Array.isArray(parsed)) kept = parsed
    else log('wrap-up file is not a list this bridge wrote: no wrap-up taken up from it', { file })
  } else if (!/ENOENT/.test(read.message))
    log('wrap-up file could not be read: no wrap-up taken up from it', { file, error: read.message })

  let pending: KeptWrapUp[] | undefined
  let writing: Promise<void> = Promise.resolve()
  async function writeLatest(): Promise<void> {
    while (pending !== undefined) {
      const next = pending
      pending = undefined
      await atomicReplace(file, Buffer.from(`${JSON.stringify(next)}\n`)).catch((error: Error) =>
        log('wrap-up file could not be written: a restart now would lose these wrap-ups', {
          file,
          error: error.message,
          held: next.length,
        }),
      )
    }
  }
  return {
    kept,
    save(held) {
      const idle = pending === undefined
      pending = held
      // one writer: a save while a write runs is taken by that writer's loop
      if (idle) writing = writing.then(writeLatest)
    },
    flushed: () => writing,
  }
}
