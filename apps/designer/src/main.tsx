import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App.tsx'
import { dslAdapter } from './core/dsl-adapter.ts'
import { createEditorStore } from './core/editor-store.ts'
import './styles/app.css'
import './styles/dark.css'

const store = createEditorStore(dslAdapter)
// exposed for end-to-end tests and debugging from the console
;(globalThis as { __rwStore?: typeof store }).__rwStore = store

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')
createRoot(root).render(
  <StrictMode>
    <App store={store} />
  </StrictMode>,
)
