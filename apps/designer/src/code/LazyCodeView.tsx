// The code view behind React.lazy: Monaco (several MB) loads in its own chunk after the canvas is interactive.
import { lazy, Suspense } from 'react'

const CodeViewImpl = lazy(() => import('./CodeView.tsx'))

/** The YAML code view of the open document; shows a placeholder while Monaco loads. */
export function CodeView() {
  return (
    <Suspense
      fallback={
        <section
          className="rw-code-view rw-code-view--loading"
          data-testid="code-view-loading"
          aria-busy="true"
        >
          Loading the code editor…
        </section>
      }
    >
      <CodeViewImpl />
    </Suspense>
  )
}
