// A --workspace folder checked before a command walks or serves it: the CLI's commands and the designer's server
// say the same words for a folder that is missing or a file.
import { stat } from 'node:fs/promises'
import path from 'node:path'
import { printableName } from './printable.ts'

export type WorkspaceFolderCheck =
  | { ok: true; folder: string }
  | { ok: false /** what is wrong, naming the folder as given */; message: string; hint: string }

/**
 * The folder `given` resolves to against `cwd`, or what is wrong with it (missing, or a file) and what to give:
 * walked or served as it was, where-used answered "Nothing in the workspace is named ...", serve "the workspace
 * does not validate" and the designer a bare "Error: ..." (exit 1, as if the files were at fault).
 */
export async function checkWorkspaceFolder(given: string, cwd: string): Promise<WorkspaceFolderCheck> {
  const folder = path.resolve(cwd, given)
  const found = await stat(folder).catch(() => undefined)
  if (found === undefined)
    return {
      ok: false,
      message: `--workspace ${printableName(given)}: no such folder`,
      hint: 'Give the folder that holds the strategies and directory files (relative to the current folder)',
    }
  if (!found.isDirectory())
    return {
      ok: false,
      message: `--workspace ${printableName(given)} is a file, not a folder`,
      hint: 'Give the folder that holds the strategies and directory files',
    }
  return { ok: true, folder }
}
