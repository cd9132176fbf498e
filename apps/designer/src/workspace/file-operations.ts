// File operations of the workspace session: new strategy, rename, duplicate, delete. Each keeps the open file and
// its draft consistent with what happened on disk.
import type { FileMeta } from '../api/protocol.ts'
import type { EditorStore } from '../core/editor-store.ts'
import { withStrategyId } from '../core/strategy-id.ts'
import type { WorkspaceClientLike } from './client-types.ts'
import type { DraftStore } from './drafts.ts'
import { baseName, checkNewName, folderOf, newStrategyText, suffixOf } from './files.ts'
import type { WorkspaceState } from './session.ts'

export interface FileOpsContext {
  client: WorkspaceClientLike
  store: EditorStore
  drafts: DraftStore
  state(): WorkspaceState
  set(patch: Partial<WorkspaceState>): void
  fail(error: unknown, doing: string): void
  now(): number
  open(path: string): Promise<void>
  /** Loads the directory and strategies a file at `path` sees into the store (as opening it does). */
  loadContext(path: string): Promise<void>
}

export async function createStrategy(ctx: FileOpsContext, id: string, folder = '') {
  const { client, set, fail, open } = ctx
  const problem = checkNewName(id, folder, '.strategy.yaml', ctx.state().files)
  if (problem) {
    set({ error: problem })
    return undefined
  }
  const path = `${folder}${id}.strategy.yaml`
  try {
    // the new strategy names the directory's busiest group and local calendar: read it now if no file opened it yet
    if (ctx.store.getState().context.directory === undefined) await ctx.loadContext(path)
    const file = await client.create({
      path,
      text: newStrategyText(id, ctx.store.getState().context.directory),
    })
    set({ files: upsert(ctx.state().files, file), error: undefined })
    await open(file.path)
    return file.path
  } catch (error) {
    fail(error, `Could not create ${path}`)
    return undefined
  }
}

/**
 * Writes a starter test file beside `strategyPath` (`<name>.test.yaml`); never over an existing one: the server
 * refuses a create onto a file that exists, also one this page has not listed yet.
 */
export async function createTestFile(ctx: FileOpsContext, strategyPath: string, text: string) {
  const { client, set, fail } = ctx
  const path = `${folderOf(strategyPath)}${baseName(strategyPath)}.test.yaml`
  try {
    const file = await client.create({ path, text })
    set({ files: upsert(ctx.state().files, file), error: undefined })
    return file.path
  } catch (error) {
    fail(error, `Could not create ${path}`)
    return undefined
  }
}

export async function renameFile(ctx: FileOpsContext, from: string, name: string) {
  const { client, store, drafts, set, fail } = ctx
  const meta = ctx.state().files.find((f) => f.path === from)
  if (!meta) return undefined
  const to = `${folderOf(from)}${name}${suffixOf(from)}`
  if (to === from) return from
  const problem = checkNewName(name, folderOf(from), suffixOf(from), ctx.state().files)
  if (problem) {
    set({ error: problem })
    return undefined
  }
  try {
    const file = await client.rename({ from, to, version: meta.version })
    set({
      files: upsert(
        ctx.state().files.filter((f) => f.path !== from),
        file,
      ),
      error: undefined,
    })
    if (ctx.state().open?.path === from) {
      const s = store.getState()
      const draft = drafts.load(from)
      drafts.clear(from)
      if (draft) drafts.save({ ...draft, path: file.path })
      store.open({ file: file.path, text: s.text, savedText: s.savedText })
      set({ open: { path: file.path, version: file.version } })
    }
    return file.path
  } catch (error) {
    fail(error, `Could not rename ${from}`)
    return undefined
  }
}

export async function duplicateFile(ctx: FileOpsContext, from: string, name: string) {
  const { client, set, fail } = ctx
  const meta = ctx.state().files.find((f) => f.path === from)
  if (!meta) return undefined
  const to = `${folderOf(from)}${name}${suffixOf(from)}`
  const problem = checkNewName(name, folderOf(from), suffixOf(from), ctx.state().files)
  if (problem) {
    set({ error: problem })
    return undefined
  }
  try {
    let file: FileMeta
    if (meta.kind === 'strategy') {
      // a copy with the same `strategy:` id would clash with the original in the router: give it the new name
      const { text } = await client.read(from)
      file = await client.create({ path: to, text: withStrategyId(text, name).text })
    } else {
      file = await client.duplicate({ from, to })
    }
    set({ files: upsert(ctx.state().files, file), error: undefined })
    return file.path
  } catch (error) {
    fail(error, `Could not duplicate ${from}`)
    return undefined
  }
}

export async function removeFile(ctx: FileOpsContext, path: string) {
  const { client, store, drafts, set, fail } = ctx
  const meta = ctx.state().files.find((f) => f.path === path)
  if (!meta) return
  try {
    await client.remove({ path, version: meta.version })
    drafts.clear(path)
    set({ files: ctx.state().files.filter((f) => f.path !== path), error: undefined })
    if (ctx.state().open?.path === path) {
      store.open({ file: undefined, text: '' })
      set({ open: undefined, conflict: undefined, notice: undefined })
    }
  } catch (error) {
    fail(error, `Could not delete ${path}`)
  }
}

/** The list with `file` added or replaced. */
export function upsert(files: readonly FileMeta[], file: FileMeta): FileMeta[] {
  const rest = files.filter((f) => f.path !== file.path)
  return [...rest, file]
}
