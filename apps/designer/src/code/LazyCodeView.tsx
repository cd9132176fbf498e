// The code view behind React.lazy: Monaco (several MB) loads in its own chunk after the canvas is interactive.
// test ids: code-view-loading (placeholder until Monaco is ready), then those of CodeView.tsx
import { lazy, Suspense, useEffect, useState } from 'react'
import { useEditor } from '../hooks/useEditor.ts'
import './code-view.css'

const CodeViewImpl = lazy(() => import('./CodeView.tsx'))

/** Starts loading Monaco once a document is on screen and the page is idle, so parsing it never delays the canvas. */
function useIdleStart(): boolean {
  const hasFile = useEditor((s) => s.file !== undefined)
  const [started, setStarted] = useState(false)
  useEffect(() => {
    if (started) return
    const start = () => setStarted(true)
    // with no file open there is no canvas to wait for beyond a moment
    if (!hasFile) {
      const timer = window.setTimeout(start, 1500)
      return () => window.clearTimeout(timer)
    }
    if (typeof window.requestIdleCallback !== 'function') {
      const timer = window.setTimeout(start, 50)
      return () => window.clearTimeout(timer)
    }
    const id = window.requestIdleCallback(start, { timeout: 1000 })
    return () => window.cancelIdleCallback(id)
  }, [hasFile, started])
  return started
}

function Placeholder() {
  return (
    <section className="rw-code-view rw-code-view--loading" data-testid="code-view-loading" aria-busy="true">
      Loading the code editor…
    </section>
  )
}

/** The YAML code view of the open document; shows a placeholder while Monaco loads. */
export function CodeView() {
  const started = useIdleStart()
  if (!started) return <Placeholder />
  return (
    <Suspense fallback={<Placeholder />}>
      <CodeViewImpl />
    </Suspense>
  )
}
