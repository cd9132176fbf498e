// pure: what a pane's error boundary shows about a render fault (nothing here touches React or the DOM)
import { TEST_HOOKS } from '../core/test-hooks.ts'

export interface PaneFault {
  /** The error's own message, or a description of a thrown non-Error value. */
  message: string
  /** The file open and the nodes selected when it failed, e.g. "in vip.strategy.yaml, node vip"; '' when none. */
  where: string
}

/** What the editor held when a pane failed; component names are not used (the build minifies them). */
export interface FaultContext {
  file?: string | undefined
  selection?: readonly string[] | undefined
}

/** The message of whatever was thrown: an Error's message, a string, else its type. */
export function faultMessage(thrown: unknown): string {
  if (thrown instanceof Error) return thrown.message || thrown.name
  if (typeof thrown === 'string') return thrown
  return `a ${thrown === null ? 'null' : typeof thrown} value was thrown`
}

/** "in <file>, node a" / "nodes a, b, c and 2 more"; '' when no file is open. */
export function faultPlace({ file, selection = [] }: FaultContext): string {
  if (!file) return ''
  if (selection.length === 0) return `in ${file}`
  const shown = selection.slice(0, 3).join(', ')
  const more = selection.length > 3 ? ` and ${selection.length - 3} more` : ''
  return `in ${file}, ${selection.length === 1 ? 'node' : 'nodes'} ${shown}${more}`
}

export function describeFault(thrown: unknown, context: FaultContext = {}): PaneFault {
  return { message: faultMessage(thrown), where: faultPlace(context) }
}

/**
 * Test-only fault injection: e2e tests set `globalThis.__rwRenderFault` to a pane's name; the pane fails when it
 * next renders or the selection changes. Not in production builds (see TEST_HOOKS).
 */
export function injectedFault(pane: string): Error | undefined {
  if (!TEST_HOOKS) return undefined
  const wanted = (globalThis as { __rwRenderFault?: unknown }).__rwRenderFault
  return wanted === pane ? new Error(`Injected render fault in the ${pane} (test hook)`) : undefined
}
