// Shared steps of the e2e tests: open files, drive Monaco and Find, and read what the user sees (the store's text).
import { execFile } from 'node:child_process'
import { resolve } from 'node:path'
import { promisify } from 'node:util'
import type { Locator, Page } from 'playwright-core'
import { expect } from 'vitest'
import { type DesignerSession, FITTED_CANVAS } from './harness.ts'

/** Opens a file from the file list and waits until the store and the code view show it. */
export async function openFile(page: Page, path: string): Promise<void> {
  await page.getByTestId(`file-${path}`).click()
  await page.waitForFunction((p) => {
    const store = (globalThis as { __rwStore?: { getState(): { file?: string } } }).__rwStore
    return store?.getState().file === p
  }, path)
}

/** Opens a file from the file list, in the page loaded already, and waits until its canvas is fitted. */
export async function openFromList(page: Page, path: string): Promise<void> {
  await page.getByTestId(`file-${path}`).click()
  // the row says the file is open first: until then the canvas may still be fitted on the previous file
  await page.locator(`[data-testid="file-${path}"][data-open="true"]`).waitFor()
  await page.locator(FITTED_CANVAS).waitFor()
}

/**
 * Waits until the designer has read the workspace's directory (it does after drawing the first open file): a new
 * strategy made before that gets placeholder calendar and group names instead of the directory's.
 */
export async function waitForDirectory(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const store = (globalThis as { __rwStore?: { getState(): { context?: { directory?: unknown } } } })
        .__rwStore
      return store?.getState().context?.directory !== undefined
    },
    undefined,
    { timeout: 30_000 },
  )
}

/** Shows the code view when hidden, waits for Monaco to finish loading in it and to show the open file. */
export async function waitForCodeView(page: Page): Promise<void> {
  // the designer opens on the canvas alone; the split view shows the code beside it
  if ((await page.getByTestId('code-view-editor').count()) === 0) await page.getByTestId('view-split').click()
  await page
    .getByTestId('code-view-editor')
    .locator('.monaco-editor .view-lines')
    .waitFor({ timeout: 30_000 })
}

/** The open document's text as the store holds it (what a save writes). */
export function storeText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const store = (globalThis as { __rwStore?: { getState(): { text: string } } }).__rwStore
    return store?.getState().text ?? ''
  })
}

/** What Monaco holds right now (the model), which may be ahead of the store while the debounce runs. */
export function editorText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const editor = (globalThis as { __rwCodeEditor?: { getValue(): string } }).__rwCodeEditor
    return editor?.getValue() ?? ''
  })
}

/** Where the caret is, by the text of its line (line numbers shift when lines above change) and column. */
export function cursor(page: Page): Promise<{ line: string; column: number } | null> {
  return page.evaluate(() => {
    const editor = (
      globalThis as {
        __rwCodeEditor?: {
          getPosition(): { lineNumber: number; column: number } | null
          getModel(): { getLineContent(line: number): string }
        }
      }
    ).__rwCodeEditor
    const p = editor?.getPosition()
    return p && editor ? { line: editor.getModel().getLineContent(p.lineNumber), column: p.column } : null
  })
}

/** 1-based line of the first line of `text` containing `needle`. */
export function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((line) => line.includes(needle))
  if (index < 0) throw new Error(`"${needle}" is not in the text:\n${text}`)
  return index + 1
}

/** Puts the caret at the end of a line and focuses the editor (keys typed afterwards go to Monaco). */
export async function goToLineEnd(page: Page, line: number): Promise<void> {
  await page.evaluate((lineNumber) => {
    const editor = (
      globalThis as {
        __rwCodeEditor?: {
          getModel(): { getLineMaxColumn(line: number): number }
          setPosition(p: { lineNumber: number; column: number }): void
          revealLineInCenter(line: number): void
          pushUndoStop(): void
          focus(): void
        }
      }
    ).__rwCodeEditor
    if (!editor) throw new Error('The code view is not loaded')
    editor.focus()
    // a user's click ends the current undo group; setPosition alone does not
    editor.pushUndoStop()
    editor.setPosition({ lineNumber, column: editor.getModel().getLineMaxColumn(lineNumber) })
    editor.revealLineInCenter(lineNumber)
  }, line)
}

/** Replaces the whole line's content after its indentation with `text`, typed key by key. */
export async function retypeLine(page: Page, line: number, text: string): Promise<void> {
  await goToLineEnd(page, line)
  await page.keyboard.press('Shift+Home')
  await page.keyboard.type(text)
}

/** A session's `ready` step: `file` opened from the file list beside its code, Monaco loaded. */
export function onCodeView(file: string): (session: DesignerSession) => Promise<void> {
  return async ({ page }) => {
    await openFile(page, file)
    await waitForCodeView(page)
  }
}

/** Waits until the document text passes `predicate`; on timeout says what was expected and shows the text. */
export async function waitForStoreText(
  page: Page,
  predicate: (text: string) => boolean,
  what: string,
): Promise<void> {
  try {
    await expect.poll(async () => predicate(await storeText(page)), { timeout: 20_000 }).toBe(true)
  } catch {
    throw new Error(`Expected ${what}; the document text is:\n${await storeText(page)}`)
  }
}

/** Selects a node with Find (Ctrl+F), which also brings it into view, and waits for the inspector to show it. */
export async function selectNode(page: Page, id: string): Promise<void> {
  await page.getByTestId('find').click()
  await page.getByTestId('find-input').fill(id)
  await page.getByTestId('find-input').press('Enter')
  await page.getByTestId('find-input').press('Escape')
  await expect
    .poll(() => page.locator('[data-testid="inspector"] [data-node]').getAttribute('data-node'))
    .toBe(id)
}

const CLI = resolve(import.meta.dirname, '../../../packages/cli/bin/routewright.mjs')

/** Runs the built `routewright validate` on saved files (what a user's CI would run) and returns its output. */
export async function validateWithCli(...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [CLI, 'validate', ...args])
  return stdout
}

/** A first visit at this window size: no stored panel sizes, then `file` opened and its canvas fitted. */
export async function firstVisitAt(
  session: DesignerSession,
  file: string,
  width: number,
  height: number,
): Promise<void> {
  await session.page.setViewportSize({ width, height })
  // a session that opened nothing is still on about:blank, which has no storage (and none stored yet)
  await session.page.evaluate(() => {
    if (location.protocol === 'http:') localStorage.clear()
  })
  await session.openFile(file)
}

/**
 * The switch `node` of `file` opened in the inspector on a first visit at this window size: its first case's CEL
 * field, once Monaco has drawn a line of it.
 */
export async function firstCaseFieldAt(
  session: DesignerSession,
  file: string,
  node: string,
  size: { width: number; height: number },
): Promise<Locator> {
  await firstVisitAt(session, file, size.width, size.height)
  await session.page.getByTestId(`node-${node}`).click()
  const field = session.page.locator('[data-testid="field-cases-0-when"][data-monaco="true"]')
  await field.locator('.view-line').first().waitFor({ timeout: 20_000 })
  return field
}
