// pure: validates a whole workspace (every strategy and its one directory) from file contents, reading no disk.
import {
  type Diagnostic,
  type DirectoryDocument,
  duplicateStrategyMessage,
  type SourceLocator,
  type StrategyDocument,
  safeParseDirectory,
  safeParseStrategy,
  sortDiagnostics,
  validateDirectory,
  validateStrategy,
} from '@routewright/strategy-dsl'

/** One file of a workspace: its path as shown in diagnostics, and its text (or raw bytes when not UTF-8). */
export interface WorkspaceFile {
  path: string
  content: string | Uint8Array
}

/** Codes for findings about the set of files (documented in the DSL's SPEC, RW09x). */
export const WORKSPACE_CODES = {
  unreadable: 'RW090',
  duplicateStrategy: 'RW094',
  directory: 'RW098',
} as const

/** Every strategy of a workspace and its directory, parsed and validated together with no error. */
export interface CheckedWorkspace {
  strategies: ReadonlyMap<string, StrategyDocument>
  directory: DirectoryDocument
  /** Warnings and infos of every file (errors refuse the workspace). */
  diagnostics: Diagnostic[]
}

export type WorkspaceCheck =
  | { success: true; data: CheckedWorkspace }
  | { success: false; diagnostics: Diagnostic[] }

export function workspaceDiagnostic(code: string, message: string, file?: string): Diagnostic {
  return { code, severity: 'error', message, path: [], ...(file === undefined ? {} : { file }) }
}

/**
 * RW094 at `path`'s id, naming `first` (the file sorted first that declares it too) at its id's line and column, in
 * the CLI's and the editor's words; positions are asked of the locators only here, never for a clean workspace.
 */
function duplicateIdDiagnostic(
  id: string,
  path: string,
  locator: SourceLocator,
  first: { path: string; locator: SourceLocator },
): Diagnostic {
  const range = locator.rangeOf(['strategy'])
  return {
    ...workspaceDiagnostic(
      WORKSPACE_CODES.duplicateStrategy,
      duplicateStrategyMessage(id, first.path, first.locator.rangeOf(['strategy'])),
      path,
    ),
    path: ['strategy'],
    ...(range ? { range } : {}),
  }
}

/**
 * Parses and validates the strategies against each other (subroutine calls) and against the directory; any error
 * refuses the whole set, so a router never runs a strategy that did not validate.
 */
export function checkWorkspace(
  strategyFiles: readonly WorkspaceFile[],
  directoryFile: WorkspaceFile,
): WorkspaceCheck {
  const diagnostics: Diagnostic[] = []
  const parsedDirectory = safeParseDirectory(directoryFile.content, { file: directoryFile.path })
  diagnostics.push(...parsedDirectory.diagnostics)
  let directory: DirectoryDocument | undefined
  if (parsedDirectory.success) {
    directory = parsedDirectory.data
    diagnostics.push(
      ...validateDirectory(directory, { file: directoryFile.path, locator: parsedDirectory.locator }),
    )
  }

  const parsed: Array<{ file: WorkspaceFile; result: ReturnType<typeof safeParseStrategy> }> = []
  const strategies = new Map<string, StrategyDocument>()
  const firstDeclared = new Map<string, { path: string; locator: SourceLocator }>()
  for (const file of [...strategyFiles].sort((a, b) => a.path.localeCompare(b.path))) {
    const result = safeParseStrategy(file.content, { file: file.path })
    parsed.push({ file, result })
    if (!result.success) continue
    const id = result.data.strategy
    const first = firstDeclared.get(id)
    if (first !== undefined) {
      diagnostics.push(duplicateIdDiagnostic(id, file.path, result.locator, first))
      continue
    }
    firstDeclared.set(id, { path: file.path, locator: result.locator })
    strategies.set(id, result.data)
  }
  for (const { file, result } of parsed) {
    diagnostics.push(...result.diagnostics)
    if (!result.success) continue
    diagnostics.push(
      ...validateStrategy(result.data, {
        file: file.path,
        locator: result.locator,
        strategies,
        ...(directory ? { directory } : {}),
      }),
    )
  }
  const sorted = sortByFile(diagnostics)
  if (!directory || sorted.some((d) => d.severity === 'error')) return { success: false, diagnostics: sorted }
  return { success: true, data: { strategies, directory, diagnostics: sorted } }
}

/** Groups diagnostics by file (in path order), then by position inside each file. */
export function sortByFile(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const byFile = new Map<string, Diagnostic[]>()
  for (const d of diagnostics) {
    const key = d.file ?? ''
    const list = byFile.get(key) ?? []
    list.push(d)
    byFile.set(key, list)
  }
  return [...byFile.keys()].sort().flatMap((key) => sortDiagnostics(byFile.get(key)!))
}
