// A --workspace folder checked before a command walks or serves it: missing or a file is a usage error (exit 2).
import { stat } from 'node:fs/promises'
import path from 'node:path'
import { UsageError } from './args.ts'
import { printableName } from './report/printable.ts'

/**
 * Throws a UsageError naming `given` when the folder it resolves to is missing or a file: walked or served as it
 * was, where-used answered "Nothing in the workspace is named ..." and serve "the workspace does not validate"
 * (exit 1, as if its files were at fault).
 */
export async function requireWorkspaceFolder(given: string, cwd: string): Promise<string> {
  const folder = path.resolve(cwd, given)
  const found = await stat(folder).catch(() => undefined)
  if (found === undefined)
    throw new UsageError(
      `--workspace ${printableName(given)}: no such folder`,
      'Give the folder that holds the strategies and directory files (relative to the current folder)',
    )
  if (!found.isDirectory())
    throw new UsageError(
      `--workspace ${printableName(given)} is a file, not a folder`,
      'Give the folder that holds the strategies and directory files',
    )
  return folder
}
