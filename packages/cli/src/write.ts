import { randomBytes } from 'node:crypto'
import { chmod, rename, stat, unlink, writeFile } from 'node:fs/promises'
import path from 'node:path'

/**
 * Replaces `file` with `text` atomically: write a temporary file beside it, copy the mode, rename over. A crash
 * leaves either the old file or the new one, never half of one.
 */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const info = await stat(file)
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(4).toString('hex')}.tmp`)
  try {
    await writeFile(temp, text, { encoding: 'utf8', mode: info.mode & 0o7777, flag: 'wx' })
    await chmod(temp, info.mode & 0o7777) // the umask may have narrowed the mode given to writeFile
    await rename(temp, file)
  } catch (error) {
    await unlink(temp).catch(() => {})
    throw error
  }
}
