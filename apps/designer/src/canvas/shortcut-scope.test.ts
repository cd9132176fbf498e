import { describe, expect, it } from 'vitest'
import { actsOnCanvas, CANVAS_SELECTOR, type FocusLike } from './shortcut-scope.ts'

/** An element `tagName`, inside the canvas or not. */
function make(tagName: string, inCanvas: boolean): FocusLike {
  return { tagName, closest: (selector) => (inCanvas && selector === CANVAS_SELECTOR ? {} : null) }
}

describe('actsOnCanvas', () => {
  it.each([
    ['a node of the canvas', true, make('DIV', true)],
    ['an edge of the canvas', true, make('g', true)],
    ['the canvas section itself', true, make('SECTION', true)],
    ['the page body (nothing focused)', true, make('BODY', false)],
    ['no target', true, null],
    ['a palette kind', false, make('BUTTON', false)],
    ['a toolbar button', false, make('BUTTON', false)],
    ['a bottom tab', false, make('BUTTON', false)],
    ['a row of the file list', false, make('LI', false)],
  ] as const)('focus on %s: acts on the selection %s', (_where, acts, target) => {
    expect(actsOnCanvas(target)).toBe(acts)
  })
})
