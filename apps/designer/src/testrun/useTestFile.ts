// The open strategy's test file (`<name>.test.yaml` beside it) and the directory its scenarios run against, as the
// user sees them: unsaved edits (a rename's, find and replace's) included, as the rest of the designer shows them.
import {
  type DirectoryDocument,
  formatDiagnostic,
  safeParseDirectory,
  safeParseTestDocument,
  type TestDocument,
} from '@routewright/strategy-dsl'
import { useEffect, useState } from 'react'
import { useEditor } from '../hooks/useEditor.ts'
import { folderOf, testFileFor } from '../workspace/files.ts'
import { useWorkspace, useWorkspaceSession } from '../workspace/WorkspaceProvider.tsx'

export interface TestFileState {
  /** Workspace path of the test file, when the strategy has one. */
  path: string | undefined
  tests: TestDocument | undefined
  /** The directory named by the test file, else the one the workspace loaded for validation. */
  directory: DirectoryDocument | undefined
  directoryPath: string | undefined
  problems: string[]
  loading: boolean
}

/** Joins a path relative to a folder, resolving `..` (the test file's `directory:` is relative to it). */
export function resolveRelative(folder: string, relative: string): string {
  const parts = (folder + relative).split('/')
  const out: string[] = []
  for (const part of parts) {
    if (part === '..') out.pop()
    else if (part !== '.' && part !== '') out.push(part)
  }
  return out.join('/')
}

export function useTestFile(): TestFileState {
  const { session } = useWorkspaceSession()
  const file = useEditor((s) => s.file)
  const fallbackDirectory = useEditor((s) => s.context.directory)
  const testMeta = useWorkspace((s) => (file ? testFileFor(file, s.files) : undefined))
  const testPath = testMeta?.path
  const testVersion = testMeta?.version
  // a new list whenever an unsaved edit of another file is staged, undone or saved: read the texts again
  const drafted = useWorkspace((s) => s.drafted)
  const [state, setState] = useState<Omit<TestFileState, 'directory'> & { ownDirectory?: DirectoryDocument }>(
    {
      path: undefined,
      tests: undefined,
      directoryPath: undefined,
      problems: [],
      loading: false,
    },
  )

  // the directory the test file names, by version too: changed on disk, the scenarios run against the new one
  const ownDirectoryVersion = useWorkspace((s) =>
    state.directoryPath ? s.files.find((f) => f.path === state.directoryPath)?.version : undefined,
  )

  // biome-ignore lint/correctness/useExhaustiveDependencies: the versions change when the files change on disk, drafted when their unsaved text does: reload them
  useEffect(() => {
    let cancelled = false
    if (!testPath) {
      setState({ path: undefined, tests: undefined, directoryPath: undefined, problems: [], loading: false })
      return
    }
    setState((s) => ({ ...s, path: testPath, loading: true }))
    void (async () => {
      const problems: string[] = []
      let tests: TestDocument | undefined
      let ownDirectory: DirectoryDocument | undefined
      let directoryPath: string | undefined
      try {
        const parsed = safeParseTestDocument((await session.readForEdit(testPath)).text, { file: testPath })
        if (parsed.success) tests = parsed.data
        else problems.push(...parsed.diagnostics.map(formatDiagnostic))
        if (tests?.directory) {
          directoryPath = resolveRelative(folderOf(testPath), tests.directory)
          const dir = safeParseDirectory((await session.readForEdit(directoryPath)).text, {
            file: directoryPath,
          })
          if (dir.success) ownDirectory = dir.data
          else problems.push(...dir.diagnostics.map(formatDiagnostic))
        }
      } catch (error) {
        problems.push(error instanceof Error ? error.message : String(error))
      }
      if (!cancelled) {
        setState({
          path: testPath,
          tests,
          directoryPath,
          problems,
          loading: false,
          ...(ownDirectory ? { ownDirectory } : {}),
        })
      }
    })()
    return () => {
      cancelled = true
    }
  }, [session, testPath, testVersion, ownDirectoryVersion, drafted])

  const { ownDirectory, ...rest } = state
  return { ...rest, directory: ownDirectory ?? fallbackDirectory }
}
