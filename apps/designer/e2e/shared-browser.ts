// Global setup of the designer-e2e project: one Chromium for the whole run, each test file connecting to it for a
// fresh context of its own (harness.ts). A launch costs several seconds on a loaded host; a connection, one.
import { chromium } from 'playwright-core'
import type { TestProject } from 'vitest/node'
import { CHROMIUM_ARGS } from './harness.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The shared Chromium's websocket endpoint; absent when a file runs without this setup (benchmarks). */
    designerBrowser?: string
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  // RW_E2E_OWN_BROWSER=1: every file launches its own, as before (to compare, or to rule the sharing out)
  if (process.env.RW_E2E_OWN_BROWSER === '1') return undefined
  const server = await chromium.launchServer({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  })
  project.provide('designerBrowser', server.wsEndpoint())
  return () => server.close()
}
