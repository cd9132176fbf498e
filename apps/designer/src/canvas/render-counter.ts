// Counts renders of canvas nodes so a test can check that an edit re-renders only the nodes it changed.
declare global {
  var __rwNodeRenders: Record<string, number> | undefined
}

export function countRender(id: string): void {
  const counts = globalThis.__rwNodeRenders ?? {}
  globalThis.__rwNodeRenders = counts
  counts[id] = (counts[id] ?? 0) + 1
}
