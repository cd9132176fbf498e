// The canvas's notice while the text does not parse, with the way to the text when the canvas shows alone.
import { useEditor } from '../hooks/useEditor.ts'
import { showText, useMiddleView } from '../layout/middle-view.ts'

export function StaleBanner() {
  const middleView = useMiddleView()
  // a file that never parsed has no last version to draw: the canvas is empty, not stale
  const neverParsed = useEditor((s) => s.document === undefined)
  return (
    <div className="rw-canvas__banner" role="status" data-testid="canvas-stale">
      {neverParsed
        ? 'The text has errors, so there is nothing to draw yet. Fix the text (Problems lists where) to edit here.'
        : 'The text has errors: the canvas shows the last version that parsed. Fix the text to edit here.'}
      {middleView.view === 'canvas' && (
        <button
          type="button"
          className="rw-button rw-canvas__banner-action"
          data-testid="canvas-stale-show-text"
          onClick={() => showText(middleView)}
        >
          Show the text
        </button>
      )}
    </div>
  )
}
