import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { NO_ANNOUNCEMENT, nextAnnouncement, SaveAllAnnouncement } from './SaveAllAnnouncement.tsx'
import { summarizeSaveAll } from './save-all-plan.ts'

describe('the Save all announcement', () => {
  it('makes a second identical "Saved 2 files." a new node of the status region, so it is read again', () => {
    const saved = () =>
      summarizeSaveAll([
        { path: 'a.strategy.yaml', status: 'saved' },
        { path: 'b.strategy.yaml', status: 'saved' },
      ])
    const first = nextAnnouncement(NO_ANNOUNCEMENT, saved())
    const second = nextAnnouncement(first, saved())
    expect([first.text, second.text]).toEqual(['Saved 2 files.', 'Saved 2 files.'])
    // the key of the text node: the same key kept the node, and a live region with unchanged text says nothing
    expect(second.seq).not.toBe(first.seq)
    expect(renderToStaticMarkup(<SaveAllAnnouncement announcement={second} />)).toBe(
      '<span class="rw-visually-hidden" role="status" data-testid="save-all-announcement"><span>Saved 2 files.</span></span>',
    )
  })
})
