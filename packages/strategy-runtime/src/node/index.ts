// Entry of `@routewright/strategy-runtime/node`: what reads the disk, kept out of the main (browser) entry.

export { NOT_A_FILE_CODE, notFileDiagnostics } from '@routewright/node-support/not-file'
export {
  type CheckedWorkspace,
  checkWorkspace,
  WORKSPACE_CODES,
  type WorkspaceCheck,
  type WorkspaceFile,
} from '../workspace/check-workspace.ts'
export {
  type LoadedWorkspace,
  type LoadWorkspaceOptions,
  type LoadWorkspaceResult,
  loadWorkspace,
  safeLoadWorkspace,
  skippedNote,
  WorkspaceError,
} from './load-workspace.ts'
