// Edits to files other than the open one (find and replace): each becomes that file's draft, an unsaved change
// that Save writes with the usual conflict check, with an undo step back to its text before.
import type { LinkedEdit } from '../core/history.ts'
import type { FileOpsContext } from './file-operations.ts'

/** A file's text as the user sees it (open text, else draft, else disk) and the version its edits build on. */
export interface EditableText {
  path: string
  text: string
  baseVersion: string
}

/** Replace `text` (what was read) with `after`. */
export interface StagedEdit extends EditableText {
  after: string
}

export interface StageContext extends Pick<FileOpsContext, 'client' | 'store' | 'drafts' | 'state' | 'set'> {
  now(): number
}

/** What the user sees of `path`: the open file's editor text, else this tab's (or a closed tab's) draft, else disk. */
export async function readEditable(ctx: StageContext, path: string): Promise<EditableText> {
  const open = ctx.state().open
  if (open?.path === path && ctx.store.getState().file === path)
    return { path, text: ctx.store.getState().text, baseVersion: open.version }
  const draft = ctx.drafts.peek(path)
  if (draft) return { path, text: draft.text, baseVersion: draft.baseVersion }
  const content = await ctx.client.read(path)
  return { path, text: content.text, baseVersion: content.version }
}

/**
 * Applies the edits whose file still reads as it did (`text`, at `baseVersion`); returns the paths left alone because
 * they changed since they were read (typing, another tab, a Save all that wrote their draft), so the caller can search
 * again rather than clobber or stage a draft that could only meet a conflict.
 */
export function stageEdits(ctx: StageContext, edits: readonly StagedEdit[]): string[] {
  const stale: string[] = []
  const drafted = new Set(ctx.state().drafted)
  for (const edit of edits) {
    const open = ctx.state().open
    if (open?.path === edit.path && ctx.store.getState().file === edit.path) {
      if (ctx.store.getState().text !== edit.text) stale.push(edit.path)
      // the session's store subscription keeps the open file's draft
      else ctx.store.stageEdit(edit.path, edit.text, edit.after)
      continue
    }
    const draft = ctx.drafts.peek(edit.path)
    if (draft !== undefined && (draft.text !== edit.text || draft.baseVersion !== edit.baseVersion)) {
      stale.push(edit.path)
      continue
    }
    // no draft: the edit must build on the file as listed now (a save since the read has moved it on)
    const listed = ctx.state().files.find((f) => f.path === edit.path)
    if (draft === undefined && listed?.version !== edit.baseVersion) {
      stale.push(edit.path)
      continue
    }
    ctx.drafts.save({ path: edit.path, baseVersion: edit.baseVersion, text: edit.after, savedAt: ctx.now() })
    ctx.store.stageEdit(edit.path, edit.text, edit.after)
    drafted.add(edit.path)
  }
  ctx.set({ drafted: [...drafted].sort() })
  return stale
}

/**
 * pure: the linked edits (an undone or redone rename's tests) whose file still holds exactly the text the step left
 * (`before`), as staged edits; the paths edited since, left as they are.
 */
export function linkedStagedEdits(
  texts: readonly EditableText[],
  edits: readonly LinkedEdit[],
): { staged: StagedEdit[]; left: string[] } {
  const staged: StagedEdit[] = []
  const left: string[] = []
  for (const edit of edits) {
    const text = texts.find((t) => t.path === edit.path)
    if (text !== undefined && text.text === edit.before) staged.push({ ...text, after: edit.after })
    else left.push(edit.path)
  }
  return { staged, left }
}

/** Stages the linked edits of an undo or redo on each file as the user sees it; the paths it staged and left. */
export async function stageLinkedEdits(
  ctx: StageContext,
  edits: readonly LinkedEdit[],
): Promise<{ staged: string[]; left: string[] }> {
  const texts = await Promise.all(edits.map((e) => readEditable(ctx, e.path).catch(() => undefined)))
  const { staged, left } = linkedStagedEdits(
    texts.filter((t) => t !== undefined),
    edits,
  )
  const stale = stageEdits(ctx, staged)
  return {
    staged: staged.map((e) => e.path).filter((path) => !stale.includes(path)),
    left: [...left, ...stale],
  }
}

/** What the toast says after an undo or redo staged its linked edits (undefined when there were none). */
export function linkedNotice(
  undo: boolean,
  result: { staged: string[]; left: string[] },
): string | undefined {
  const done = undo ? 'Undone' : 'Redone'
  const parts: string[] = []
  if (result.staged.length > 0) parts.push(`${done} in ${result.staged.join(', ')} too (unsaved).`)
  if (result.left.length > 0) parts.push(`${result.left.join(', ')} changed since: left as it is.`)
  return parts.length === 0 ? undefined : parts.join(' ')
}
