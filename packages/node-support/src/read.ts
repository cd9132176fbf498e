// Bounded reads of user-named files: regular files (pipes only when asked, with a time limit), never past a size cap.
import { constants } from 'node:fs'
import { type FileHandle, open } from 'node:fs/promises'
import { setTimeout as sleep } from 'node:timers/promises'

export type BoundedRead =
  | { ok: true; bytes: Uint8Array }
  | { ok: false; reason: 'too-large'; size: number; message: string }
  | { ok: false; reason: 'not-a-file'; kind: string; message: string }
  | { ok: false; reason: 'unreadable'; message: string }

/** What a path that is not a regular file is, in words: `a folder`, `a named pipe (FIFO)`, `a device`, `a socket`. */
export function describeKind(info: import('node:fs').Stats): string {
  if (info.isDirectory()) return 'a folder'
  if (info.isFIFO()) return 'a named pipe (FIFO)'
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device'
  if (info.isSocket()) return 'a socket'
  return 'not a regular file'
}

/** `10 MB`, `2 kB`, `512 bytes`: sizes as people read them. */
export function megabytes(bytes: number): string {
  const [size, unit] =
    bytes >= 1024 * 1024
      ? [bytes / (1024 * 1024), 'MB']
      : bytes >= 1024
        ? [bytes / 1024, 'kB']
        : [bytes, 'bytes']
  return `${size.toFixed(1).replace(/\.0$/, '')} ${unit}`
}

/** `pipeTimeoutMs`: also read a named pipe or character device (`--token-file <(pass show x)`), for that long at most. */
export interface BoundedReadOptions {
  pipeTimeoutMs?: number
}

/**
 * Reads at most `maxBytes` of a regular file; never throws, never blocks on a FIFO (opened non-blocking), and
 * never reads a device unless `pipeTimeoutMs` allows it. A file that grows while read past the cap is refused too.
 * Messages never quote content.
 */
export async function readBoundedFile(
  file: string,
  maxBytes: number,
  options: BoundedReadOptions = {},
): Promise<BoundedRead> {
  let handle: FileHandle | undefined
  try {
    // O_NONBLOCK: opening a FIFO with no writer would otherwise wait forever
    handle = await open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0))
    const info = await handle.stat()
    if (options.pipeTimeoutMs !== undefined && (info.isFIFO() || info.isCharacterDevice()))
      return await readPipe(handle, maxBytes, options.pipeTimeoutMs, info.isFIFO())
    if (!info.isFile()) {
      const kind = describeKind(info)
      return { ok: false, reason: 'not-a-file', kind, message: `Refused to read: it is ${kind}` }
    }
    if (info.size > maxBytes) return tooLarge(info.size, maxBytes)
    const chunks: Buffer[] = []
    let total = 0
    // one byte past the cap tells a file that grew (or lied about its size) from one that fits
    const buffer = Buffer.allocUnsafe(Math.min(maxBytes + 1, Math.max(info.size + 1, 64 * 1024)))
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, maxBytes + 1 - total), null)
      if (bytesRead === 0) break
      chunks.push(Buffer.from(buffer.subarray(0, bytesRead)))
      total += bytesRead
      if (total > maxBytes) return tooLarge(total, maxBytes)
    }
    return { ok: true, bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total) }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const why = code === undefined ? undefined : UNREADABLE_WHY[code]
    const message = why ? `Cannot read the file: ${why}` : `Cannot read the file (${code ?? 'unknown error'})`
    return { ok: false, reason: 'unreadable', message }
  } finally {
    await handle?.close().catch(() => {})
  }
}

/** A pipe opened non-blocking, read to its end: empty for now (EAGAIN) is waited on, until `timeoutMs` passed. */
async function readPipe(
  handle: FileHandle,
  maxBytes: number,
  timeoutMs: number,
  fifo: boolean,
): Promise<BoundedRead> {
  const deadline = Date.now() + timeoutMs
  const chunks: Buffer[] = []
  let total = 0
  const buffer = Buffer.allocUnsafe(Math.min(maxBytes + 1, 64 * 1024))
  for (;;) {
    let bytesRead: number
    try {
      ;({ bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, maxBytes + 1 - total), null))
      // a FIFO whose writer has not opened it yet reads as ended: wait for the writer as for its bytes
      if (bytesRead === 0 && total === 0 && fifo)
        throw Object.assign(new Error('no writer yet'), { code: 'EAGAIN' })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error
      if (Date.now() >= deadline)
        return {
          ok: false,
          reason: 'unreadable',
          message: `Cannot read it: its writer did not finish within ${secondsText(timeoutMs)}`,
        }
      // a non-blocking pipe has no readiness event here: look again shortly
      await sleep(10)
      continue
    }
    if (bytesRead === 0) break
    chunks.push(Buffer.from(buffer.subarray(0, bytesRead)))
    total += bytesRead
    if (total > maxBytes) return tooLarge(total, maxBytes)
  }
  return { ok: true, bytes: Buffer.concat(chunks, total) }
}

function secondsText(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`
}

/** The errors people meet, in words with the fix; any other keeps its code. */
const UNREADABLE_WHY: Record<string, string> = {
  ENOENT: 'it does not exist (ENOENT)',
  ELOOP: 'it is a symbolic link loop, its links lead back to themselves (ELOOP); fix or remove the link',
  EACCES: 'permission denied (EACCES); check the permissions of the file and its folders',
  EPERM: 'permission denied (EPERM); check the permissions of the file and its folders',
}

function tooLarge(size: number, maxBytes: number): BoundedRead {
  return { ok: false, reason: 'too-large', size, message: tooLargeMessage(size, maxBytes) }
}

/** The refusal of a file over `maxBytes`, for a reader that checks the size itself (a synchronous one). */
export function tooLargeMessage(size: number, maxBytes: number): string {
  return `The file is ${size > maxBytes + 1 ? megabytes(size) : `over ${megabytes(maxBytes)}`}, over the ${megabytes(maxBytes)} limit`
}

/**
 * Bytes as UTF-8 text, exactly: a leading byte order mark is kept (the DSL drops it when it reads, and a writer
 * that formats the text puts it back, so a file saved by a Windows editor keeps it); undefined when not UTF-8.
 */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    // ignoreBOM: true means "do not strip it": the text holds every byte of the file
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes)
  } catch {
    return undefined
  }
}
