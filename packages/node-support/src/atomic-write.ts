// One atomic-write module for the CLI and the designer server: temp file beside the target, fsync, rename over it.
import { randomBytes } from 'node:crypto'
import { constants } from 'node:fs'
import { access, link, lstat, open, readlink, realpath, rename, stat, unlink } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import { readBoundedFile } from './read.ts'

/** Temp files start with a dot, so listings and the path checks never show or accept them. */
export function tempPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`)
}

async function writeTemp(target: string, bytes: Buffer, mode: number): Promise<string> {
  const temp = tempPathFor(target)
  const handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode)
  try {
    await handle.writeFile(bytes)
    // the umask may have narrowed the mode given to open(); set it exactly
    await handle.chmod(mode)
    await handle.sync()
  } catch (error) {
    await handle.close().catch(() => {})
    await unlink(temp).catch(() => {})
    throw error
  }
  await handle.close()
  return temp
}

/** Makes a rename in `folder` durable (fsync of the folder); some filesystems refuse that, which is harmless. */
export async function syncFolder(folder: string): Promise<void> {
  // makes the rename itself durable; some filesystems refuse to fsync a folder, which is harmless
  try {
    const handle = await open(folder, constants.O_RDONLY)
    try {
      await handle.sync()
    } finally {
      await handle.close()
    }
  } catch {}
}

// link() refuses an existing target, unlike rename(), so two creators cannot clobber each other
async function moveNoClobber(from: string, to: string): Promise<void> {
  try {
    await link(from, to)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    // some filesystems have no hard links: check, then rename (a small race, but still never a partial file)
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw error
    const exists = await lstat(to).then(
      () => true,
      () => false,
    )
    if (exists) throw Object.assign(new Error(`EEXIST: ${to}`), { code: 'EEXIST' })
    await rename(from, to)
    return
  }
  try {
    await unlink(from)
  } catch (error) {
    await unlink(to).catch(() => {})
    throw error
  }
}

/** Thrown by atomicReplace when `target` no longer holds what its caller read: nothing was written. */
export class ChangedOnDiskError extends Error {
  override name = 'ChangedOnDiskError'
  readonly code = 'ECHANGED'
  constructor(readonly target: string) {
    super(`${target} changed on disk while it was being rewritten; it was left as it is`)
  }
}

/** Thrown when the file to replace is read-only: a rename would replace it anyway, so it is refused first. */
export class ReadOnlyFileError extends Error {
  override name = 'ReadOnlyFileError'
  readonly code = 'EREADONLY'
  constructor(
    readonly target: string,
    readonly mode: number,
  ) {
    super(`${target} is read-only (mode ${mode.toString(8).padStart(4, '0')}); it was left as it is`)
  }
}

/**
 * Refuses to replace a file nobody may write (no write bit) or this user may not write: a rename needs only the
 * folder's permission, so without this a save would silently replace a file its owner protected (chmod a-w, a
 * Perforce checkout). Root passes access(), hence the mode bits too.
 */
export async function refuseReadOnly(target: string, mode: number): Promise<void> {
  if ((mode & 0o222) === 0) throw new ReadOnlyFileError(target, mode)
  try {
    await access(target, constants.W_OK)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EACCES' || code === 'EPERM') throw new ReadOnlyFileError(target, mode)
    throw error
  }
}

export interface ReplaceOptions {
  /**
   * Whether the file on disk still holds what the caller read (checked once the new bytes are written and synced,
   * just before the rename): an edit made in between is kept and ChangedOnDiskError thrown, never overwritten.
   */
  unchanged?: (current: Uint8Array) => boolean
}

/** Files checked are documents read under a cap far below this: anything larger has changed. */
const MAX_COMPARED_BYTES = 64 * 1024 * 1024

async function stillUnchanged(target: string, unchanged: (current: Uint8Array) => boolean): Promise<boolean> {
  const current = await readBoundedFile(target, MAX_COMPARED_BYTES)
  return current.ok && unchanged(current.bytes)
}

/** The kernel's own bound on links followed in one lookup (Linux MAXSYMLINKS). */
const MAX_LINK_HOPS = 40

/**
 * The file a write to `given` lands on: links followed, so the link is kept. A link to nothing names the file to
 * create (as the shell's `>` does); renamed over, the link would become a plain file.
 */
async function linkedTarget(given: string): Promise<string> {
  let path = given
  for (let hops = 0; hops <= MAX_LINK_HOPS; hops++) {
    try {
      return await realpath(path)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    }
    let next: string
    try {
      next = await readlink(path)
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      // not a link (EINVAL) or not there at all: created where it was named
      if (code === 'EINVAL' || code === 'ENOENT') return path
      throw error
    }
    path = resolve(dirname(path), next)
  }
  throw Object.assign(new Error(`ELOOP: too many symbolic links from ${given}`), { code: 'ELOOP' })
}

/**
 * Replaces (or creates) `target` with exactly `bytes`, keeping an existing file's permission bits; a read-only
 * file is refused with ReadOnlyFileError and left as it is. A symbolic link is followed: the file it names is replaced
 * and the link kept (renamed over, the link became a copy and the file it named kept the old bytes); a link to
 * nothing is written through, creating the file it names.
 */
export async function atomicReplace(
  given: string,
  bytes: Buffer,
  options: ReplaceOptions = {},
): Promise<void> {
  const target = await linkedTarget(given)
  let mode = 0o644
  try {
    mode = (await stat(target)).mode & 0o7777
    await refuseReadOnly(target, mode)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  const temp = await writeTemp(target, bytes, mode)
  try {
    if (options.unchanged && !(await stillUnchanged(target, options.unchanged)))
      throw new ChangedOnDiskError(target)
    await rename(temp, target)
  } catch (error) {
    await unlink(temp).catch(() => {})
    throw error
  }
  await syncFolder(dirname(target))
}

/** Creates `target` with `bytes` atomically, failing with EEXIST if something is already there. */
export async function atomicCreate(target: string, bytes: Buffer, mode = 0o644): Promise<void> {
  const temp = await writeTemp(target, bytes, mode)
  try {
    await moveNoClobber(temp, target)
  } catch (error) {
    await unlink(temp).catch(() => {})
    throw error
  }
  await syncFolder(dirname(target))
}

/** Moves `from` to `to`, failing with EEXIST if `to` exists. */
export async function renameNoClobber(from: string, to: string): Promise<void> {
  await moveNoClobber(from, to)
  await syncFolder(dirname(to))
  if (dirname(from) !== dirname(to)) await syncFolder(dirname(from))
}
