// The start of every Reports e2e file: the Reports window, the folder its store is recorded in, the bottom panel
// raised, on the Reports tab; and the form's datetime-local values, written in the browser's own zone as a user types
// them.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll } from 'vitest'
import { raiseBottomPanel } from './bottom-panel.ts'
import { type DesignerForThisFileOptions, designerForThisFile } from './designer-for-this-file.ts'
import type { DesignerSession } from './harness.ts'

/** The window the Reports files take: the figures table and its charts side by side. */
const REPORTS_VIEWPORT = { width: 1440, height: 1000 }

/** What a Reports file gives designerForThisFile: the window and the tab are this module's. */
export type ReportsDesignerOptions = Omit<DesignerForThisFileOptions, 'viewport' | 'ready'>

/** The options with the Reports window, and the Reports tab opened once `file` is. */
function onReportsTab(options: ReportsDesignerOptions): DesignerForThisFileOptions {
  return { ...options, viewport: REPORTS_VIEWPORT, ready: (s) => openReportsTab(s.page) }
}

/** designerForThisFile in the Reports window, on the Reports tab (the tests read the page as `session.page`). */
export function designerOnReportsTab(options: ReportsDesignerOptions): DesignerSession {
  return designerForThisFile(onReportsTab(options))
}

/**
 * designerOnReportsTab, with a temporary folder (`<tmpdir>/<prefix>XXXXXX`) made first for the file to record its
 * store in: `options` gets it. The folder is removed after the session closed, also when recording failed.
 */
export function designerWithRecordingFolder(
  prefix: string,
  options: (folder: string) => Promise<ReportsDesignerOptions>,
): DesignerSession {
  let folder = ''
  // the recorded store outlives the session, whose server reads it: removed after it closes (after hooks run
  // last-registered first, and designerForThisFile registers its own after this one)
  afterAll(async () => {
    if (folder !== '') await rm(folder, { recursive: true, force: true })
  })
  return designerForThisFile(async () => {
    folder = await mkdtemp(join(tmpdir(), prefix))
    return onReportsTab(await options(folder))
  })
}

export async function openReportsTab(page: Page): Promise<void> {
  await raiseBottomPanel(page)
  await page.getByTestId('tab-reports').click()
}

/** Fields of the report form, each as a user types or picks it (from and to: datetime-local values). */
export interface ReportForm {
  tz?: string
  from?: string
  to?: string
  interval?: string
  by?: string
}

/** Sets the given fields of the report form in the form's order (its zone first: from and to are on its clock). */
export async function fillReportForm(page: Page, form: ReportForm): Promise<void> {
  if (form.tz !== undefined) await page.getByTestId('reports-tz').fill(form.tz)
  if (form.from !== undefined) await page.getByTestId('reports-from').fill(form.from)
  if (form.to !== undefined) await page.getByTestId('reports-to').fill(form.to)
  if (form.interval !== undefined) await page.getByTestId('reports-interval').selectOption(form.interval)
  if (form.by !== undefined) await page.getByTestId('reports-by').selectOption(form.by)
}

/** A datetime-local value for `ms` in the browser's own zone. */
export function datetimeLocal(page: Page, ms: number): Promise<string> {
  return page.evaluate((at) => {
    const d = new Date(at)
    const pad = (n: number) => String(n).padStart(2, '0')
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`
  }, ms)
}
