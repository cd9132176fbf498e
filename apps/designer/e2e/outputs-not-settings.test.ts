// A node's `error` output is picked in the inspector's Outputs only: before, Settings also showed it as a free
// text box "Error" beside the Outputs' select, where a typed node name (or a typo: RW102) rewired the node.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { selectNode } from './code-helpers.ts'
import { designerForThisFile } from './designer-for-this-file.ts'

let page: Page

designerForThisFile({
  file: 'vip-routing.strategy.yaml',
  ready(s) {
    page = s.page
  },
})

describe('outputs in the inspector', () => {
  it.each([
    ['by_tier', 'switch'],
    ['boost', 'priority'],
    ['pop_gold', 'attach data'],
    ['use_attached', 'assign'],
  ])('%s (%s) offers its error output once, as a select of the nodes', async (id) => {
    await selectNode(page, id)
    await page.getByTestId('field-output-error').waitFor()
    expect(await page.getByTestId('field-output-error').evaluate((e) => e.tagName)).toBe('SELECT')
    expect(await page.getByTestId('field-error').count()).toBe(0)
    expect(await page.getByTestId('field-default').count()).toBe(0)
  })
})
