// Save all: every file with unsaved changes (the open one and the drafts of closed ones), one at a time, each
// through the server's atomic write with its base version, so a file changed on disk since is not overwritten.
import type { FileOpsContext } from './file-operations.ts'
import { upsert } from './file-operations.ts'
import { filesToSave, type SaveAllOutcome, type SaveAllSummary, summarizeSaveAll } from './save-all-plan.ts'

export interface SaveAllContext
  extends Pick<FileOpsContext, 'client' | 'store' | 'drafts' | 'state' | 'set'> {
  /** The single Save of the open file (canonical form, conflict dialog, status). */
  saveOpen(): Promise<void>
  /** Canonical text of a document; the text as typed when it does not parse (as Save does). */
  canonical(path: string, text: string): string
  /** Re-reads what the open file is checked against (directory, other strategies) from disk. */
  reloadContext(path: string): Promise<void>
}

export async function saveAll(ctx: SaveAllContext): Promise<SaveAllSummary> {
  const open = ctx.state().open?.path
  const paths = filesToSave({
    open: ctx.store.getState().file === open ? open : undefined,
    openDirty: ctx.store.getState().dirty,
    drafted: ctx.state().drafted,
  })
  const outcomes: SaveAllOutcome[] = []
  // drafts first: the open file is then checked against the directory and strategies just written, so its
  // error count is the one the saved workspace has
  for (const path of paths.filter((p) => p !== open)) {
    const outcome = await saveDraft(ctx, path)
    if (outcome) outcomes.push(outcome)
  }
  if (open !== undefined && paths.includes(open)) {
    if (outcomes.some((o) => o.status === 'saved')) await ctx.reloadContext(open)
    outcomes.unshift(await saveOpenFile(ctx, open))
  }
  const summary = summarizeSaveAll(outcomes)
  ctx.set({ lastSaveAll: summary })
  return summary
}

async function saveOpenFile(ctx: SaveAllContext, path: string): Promise<SaveAllOutcome> {
  await ctx.saveOpen()
  const state = ctx.state()
  if (state.conflict?.path === path) return { path, status: 'conflict' }
  if (state.lastSave?.path === path && !ctx.store.getState().dirty)
    return { path, status: 'saved', errors: state.lastSave.errors }
  return { path, status: 'failed', message: state.error ?? 'not saved' }
}

async function saveDraft(ctx: SaveAllContext, path: string): Promise<SaveAllOutcome | undefined> {
  const { client, drafts, store } = ctx
  const draft = drafts.load(path)
  if (!draft) {
    // nothing left to write (saved or discarded in another tab): just stop marking it
    ctx.set({ drafted: ctx.state().drafted.filter((p) => p !== path) })
    return undefined
  }
  const text = ctx.canonical(path, draft.text)
  try {
    const outcome = await client.write({ path, text, baseVersion: draft.baseVersion })
    if (!outcome.ok) return { path, status: 'conflict' }
    drafts.clear(path)
    // the kept undo history follows the text as written, as a single Save's format step does
    if (text !== draft.text) store.stageEdit(path, draft.text, text)
    ctx.set({
      drafted: ctx.state().drafted.filter((p) => p !== path),
      files: upsert(ctx.state().files, outcome.file),
    })
    return { path, status: 'saved' }
  } catch (error) {
    return { path, status: 'failed', message: error instanceof Error ? error.message : String(error) }
  }
}
