// Counts renders of canvas nodes so a test can check that an edit re-renders only the nodes it changed (test
// builds only: the production build counts nothing).
import { TEST_HOOKS } from '../core/test-hooks.ts'

declare global {
  var __rwNodeRenders: Record<string, number> | undefined
}

export function countRender(id: string): void {
  if (!TEST_HOOKS) return
  const counts = globalThis.__rwNodeRenders ?? {}
  globalThis.__rwNodeRenders = counts
  counts[id] = (counts[id] ?? 0) + 1
}
