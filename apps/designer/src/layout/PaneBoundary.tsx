// Keeps a render fault inside one pane: the pane shows what failed and "Try again"; the rest of the designer works.
// test ids: pane-fault-<pane> (the fallback), pane-retry-<pane> (remounts the pane).
import { Component, type ErrorInfo, Fragment, type ReactNode } from 'react'
import type { EditorStore } from '../core/editor-store.ts'
import { EditorStoreContext, useEditor } from '../hooks/useEditor.ts'
import { describeFault, injectedFault, type PaneFault } from './pane-fault.ts'

interface Props {
  /** Short name for test ids and the fault hook: canvas, code, inspector, files, bottom. */
  pane: string
  /** What the user calls the pane, for the message: "The inspector". */
  label: string
  children: ReactNode
}

interface State {
  fault: PaneFault | undefined
  /** Bumped by "Try again" so the pane's children mount afresh instead of reusing the broken state. */
  attempt: number
}

/** Throws the test hook's fault when the pane renders or the selection changes (nothing in normal use). */
function FaultProbe({ pane }: { pane: string }): null {
  useEditor((s) => s.selection)
  const fault = injectedFault(pane)
  if (fault) throw fault
  return null
}

export class PaneBoundary extends Component<Props, State> {
  override state: State = { fault: undefined, attempt: 0 }

  static override contextType = EditorStoreContext
  declare context: EditorStore | null

  static getDerivedStateFromError(thrown: unknown): Partial<State> {
    return { fault: describeFault(thrown) }
  }

  override componentDidCatch(thrown: unknown, info: ErrorInfo) {
    // the file and selection say where; the component stack (minified names) only goes to the console
    const editor = this.context?.getState()
    this.setState({ fault: describeFault(thrown, { file: editor?.file, selection: editor?.selection }) })
    console.error(`[routewright] ${this.props.label} failed to render`, thrown, info.componentStack)
  }

  private retry = () => this.setState((s) => ({ fault: undefined, attempt: s.attempt + 1 }))

  override render() {
    const { pane, label, children } = this.props
    const { fault, attempt } = this.state
    if (fault === undefined) {
      return (
        <Fragment key={attempt}>
          <FaultProbe pane={pane} />
          {children}
        </Fragment>
      )
    }
    return (
      <div className="rw-pane-fault" role="alert" data-testid={`pane-fault-${pane}`}>
        <strong>{label} stopped working.</strong>
        <p className="rw-pane-fault__message">
          {fault.message}
          {fault.where ? <span className="rw-pane-fault__where"> ({fault.where})</span> : null}
        </p>
        <p>
          The rest of the designer still works. Your unsaved text is kept as a draft in this browser, so
          nothing is lost; save or reload as usual.
        </p>
        <button type="button" data-testid={`pane-retry-${pane}`} onClick={this.retry}>
          Try again
        </button>
      </div>
    )
  }
}
