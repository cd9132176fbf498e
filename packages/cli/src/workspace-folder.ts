// A --workspace folder checked before a command walks or serves it: missing or a file is a usage error (exit 2).
import { checkWorkspaceFolder } from '@routewright/node-support/workspace-folder'
import { UsageError } from './args.ts'

/** Throws a UsageError in node-support's words (the designer's server says the same) when the folder is unfit. */
export async function requireWorkspaceFolder(given: string, cwd: string): Promise<string> {
  const checked = await checkWorkspaceFolder(given, cwd)
  if (!checked.ok) throw new UsageError(checked.message, checked.hint)
  return checked.folder
}
