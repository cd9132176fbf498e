// A node renamed in the inspector is renamed in its strategy's tests too (`expect.path`), as unsaved edits: before,
// the tests went on naming the old id and failed at the next run with nothing saying why.
import {
  addUsageFile,
  nameFixSpan,
  nodeName,
  type UsageFileLists,
  whereUsed,
} from '@routewright/strategy-dsl'
import type { LinkedEdit } from '../core/history.ts'
import { applyEdits, type TextEdit } from '../find/text-search.ts'
import { isReadable } from '../workspace/files.ts'
import type { WorkspaceSession } from '../workspace/session.ts'
import type { EditableText, StagedEdit } from '../workspace/staged-edits.ts'

/** pure: each test text with the path entries naming `strategy`'s node `from` written `to`; untouched texts left out. */
export function pathRenameEdits(
  texts: readonly EditableText[],
  strategy: string,
  from: string,
  to: string,
): StagedEdit[] {
  const lists: UsageFileLists = { strategies: [], directories: [], tests: [] }
  for (const text of texts) addUsageFile(lists, 'test', text.path, text.text)
  const uses = whereUsed(lists, nodeName(strategy, from), { kind: 'node' }).uses
  const rename = { written: from, meant: to }
  return texts.flatMap((text) => {
    const edits: TextEdit[] = uses
      .filter((use) => use.file === text.path && use.use === 'test expects path')
      .flatMap((use) => {
        // the id alone, inside the scalar: a quoted id keeps its quotes
        const span = use.range && nameFixSpan(text.text, use.range.start.offset, use.range.end.offset, rename)
        return span ? [{ ...span, text: to }] : []
      })
      .sort((a, b) => a.start - b.start)
    return edits.length === 0 ? [] : [{ ...text, after: applyEdits(text.text, edits) }]
  })
}

type RenameSession = Pick<WorkspaceSession, 'getState' | 'readForEdit' | 'stageEdits'>

/**
 * Each session's last rename: one at a time in a session (a second must read the drafts the first staged, or it finds
 * the old id gone), while another session (another workspace) never waits on it.
 */
const previousOf = new WeakMap<RenameSession, Promise<unknown>>()

/**
 * Renames the node in every readable test file as the user sees it (drafts included); each file's text before and
 * after, for the rename's undo step to take back.
 */
export function renameInTests(
  session: RenameSession,
  strategy: string,
  from: string,
  to: string,
): Promise<LinkedEdit[]> {
  const run = (previousOf.get(session) ?? Promise.resolve()).then(async () => {
    const tests = session.getState().files.filter((f) => f.kind === 'test' && isReadable(f))
    const texts = await Promise.all(tests.map((f) => session.readForEdit(f.path)))
    const edits = pathRenameEdits(texts, strategy, from, to)
    const stale = session.stageEdits(edits)
    return edits
      .filter((e) => !stale.includes(e.path))
      .map((e) => ({ path: e.path, before: e.text, after: e.after }))
  })
  previousOf.set(
    session,
    run.catch(() => undefined),
  )
  return run
}
