import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App.tsx'
import { afterNextPaint } from './core/after-paint.ts'
import { dslAdapter } from './core/dsl-adapter.ts'
import { createEditorStore } from './core/editor-store.ts'
import { TEST_HOOKS } from './core/test-hooks.ts'
import './styles/app.css'
import './styles/dark.css'

// a file's validation runs after its first frame is on screen: a large strategy shows before its checks finish
const store = createEditorStore(dslAdapter, { deferCheck: (task) => void afterNextPaint(task) })
// exposed to end-to-end tests only (test builds; see core/test-hooks.ts)
if (TEST_HOOKS) (globalThis as { __rwStore?: typeof store }).__rwStore = store

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')
createRoot(root).render(
  <StrictMode>
    <App store={store} />
  </StrictMode>,
)
