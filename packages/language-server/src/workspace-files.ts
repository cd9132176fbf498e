// The files on disk the project reads: every workspace folder at start and each one added later, the folder of a
// file opened outside them, and each file an event says changed; a file that cannot be read is logged and kept as
// its finding.
import path from 'node:path'
import { walkFiles } from '@routewright/node-support/walk'
import { DidChangeWatchedFilesNotification, FileChangeType } from 'vscode-languageserver/node'
import type { TextDocument } from 'vscode-languageserver-textdocument'
import { readDiskText, unreadableNote } from './disk-text.ts'
import { localPath, toPath } from './lsp-convert.ts'
import { kindOfPath } from './project.ts'
import type { ServerContext } from './server-context.ts'

/** The files whose changes on disk the server reads (the kinds kindOfPath knows). */
const WATCHED_FILES = [
  { globPattern: '**/*.{strategy,directory,test}.{yaml,yml,json}' },
  { globPattern: '**/alarms.yaml' },
]

export interface WorkspaceFilesHost {
  publishChanged: () => void
  /** Validates an open document now (its folder was read). */
  validateNow: (uri: string, version: number) => void
}

export function createWorkspaceFiles(ctx: ServerContext, host: WorkspaceFilesHost) {
  const { connection, documents } = ctx
  /** The workspace folders the client named (several in a multi-root workspace); none when a single file was opened. */
  let workspaceFolders: string[] = []
  /** Folders of files opened outside the workspace (or with none), each read once. */
  const looseFolders = new Set<string>()
  /** Folders being read: their files validate when the read ends, not before (no findings of a half-read folder). */
  const reading = new Set<string>()

  /** The files on disk under `folder` the project reads (an open buffer still wins over them). */
  const loadFolder = async (folder: string, maxDepth: number) => {
    const walked = await walkFiles(folder, { accept: (name) => kindOfPath(name) !== undefined, maxDepth })
    for (const file of walked.files.slice(0, 5000)) await readIntoProject(file)
    // a folder or FIFO named like a document: the bounded reader refuses it, and the log says what it is
    for (const entry of walked.notFiles.slice(0, 100)) await readIntoProject(entry)
  }
  /** A file on disk into the project; one that cannot be read is logged by name with the reason, and left out. */
  const readIntoProject = async (file: string) => {
    const read = await readDiskText(file, kindOfPath(file))
    const project = ctx.project()
    if (read.ok) project.setDisk(file, read.text)
    else {
      // its own finding says so in the editor's Problems view; the log is for the output channel
      project.setUnreadable(file, read.diagnostic)
      connection.console.warn(unreadableNote(path.relative(project.root, file) || file, read.problem))
    }
  }

  /** A file outside the workspace read at start: its directory and subroutines beside it are not known yet. */
  const outsideWorkspace = (folder: string): boolean => {
    return workspaceFolders.every((root) => {
      const relative = path.relative(root, folder)
      return relative.startsWith('..') || path.isAbsolute(relative)
    })
  }

  /** A folder added to the workspace is read like one named at start; a removed one's closed files are forgotten. */
  const changeFolders = async (added: string[], removed: string[]) => {
    workspaceFolders = [...workspaceFolders.filter((folder) => !removed.includes(folder)), ...added].slice(
      0,
      50,
    )
    const project = ctx.project()
    project.setFolders(workspaceFolders)
    for (const file of project.all().map((entry) => entry.path))
      if (outsideWorkspace(path.dirname(file)) && !looseFolders.has(path.dirname(file)))
        project.setDisk(file, undefined)
    for (const folder of added) await loadFolder(folder, 12)
    host.publishChanged()
  }

  connection.onDidChangeWatchedFiles(async ({ changes }) => {
    for (const change of changes) {
      const file = localPath(change.uri)
      if (file === undefined || !kindOfPath(file)) continue
      // a deleted file is no problem to report
      if (change.type === FileChangeType.Deleted) ctx.project().setDisk(file, undefined)
      else await readIntoProject(file)
    }
    host.publishChanged()
  })

  return {
    readIntoProject,
    /** The workspace folders named at initialize, read into the project (a new one, made for them). */
    async readFolders(folders: string[]): Promise<void> {
      workspaceFolders = folders
      ctx.project().setFolders(folders)
      for (const folder of folders) await loadFolder(folder, 12)
    },
    /** Whether `file`'s folder is being read (its typing validates once the read ends). */
    isReading: (file: string) => reading.has(path.dirname(file)),
    /**
     * Whether `document` is the first file opened from a folder outside the workspace: that folder is read, then
     * every open file of it validates (its directory and subroutines beside it resolve once read).
     */
    readFolderOf(document: TextDocument): boolean {
      const file = localPath(document.uri)
      if (file === undefined) return false
      const folder = path.dirname(file)
      if (!outsideWorkspace(folder) || looseFolders.has(folder)) return false
      looseFolders.add(folder)
      reading.add(folder)
      void loadFolder(folder, 0)
        .catch(() => undefined)
        .then(() => {
          reading.delete(folder)
          for (const doc of documents.all())
            if (path.dirname(toPath(doc.uri)) === folder && kindOfPath(toPath(doc.uri)))
              host.validateNow(doc.uri, doc.version)
        })
      return true
    },
    /** Follows the workspace's folders and files, as far as the client can tell of them. */
    listen(options: { folderEvents: boolean; watchFiles: boolean }): void {
      // without file events a directory changed on disk (a git checkout) left stale findings in the open strategies
      if (options.folderEvents)
        connection.workspace.onDidChangeWorkspaceFolders(({ added, removed }) => {
          const paths = (folders: typeof added) => folders.flatMap((folder) => localPath(folder.uri) ?? [])
          void changeFolders(paths(added), paths(removed)).catch(() => undefined)
        })
      if (options.watchFiles)
        void connection.client
          .register(DidChangeWatchedFilesNotification.type, { watchers: WATCHED_FILES })
          .catch(() => undefined)
    },
  }
}
