// The small valid workspace the CLI's and the language server's tests open and edit: a directory with group
// `support` (agents ann and bob) and a strategy that waits for that group, then ends.
// pure: texts only

/** Directory `test-env`: group `support`, ann (english 5) and bob in it, one voice call each. */
export const SUPPORT_DIRECTORY = `directory: test-env
format: 1
groups:
  support: { title: Support }
agents:
  ann: { groups: [support], skills: { english: 5 }, capacity: { voice: 1 } }
  bob: { groups: [support], capacity: { voice: 1 } }
`

export interface SupportStrategyOptions {
  /** How long the target waits (default 30s). */
  wait?: string
  /** More lines of the target node (`pick: longest-idle`), written after `wait`. */
  lines?: readonly string[]
}

/** Strategy `id`: node `queue` targets group `support`, then `done` ends; both outputs of the wait go to `done`. */
export function supportStrategy(id: string, options: SupportStrategyOptions = {}): string {
  const lines = (options.lines ?? []).map((line) => `    ${line}\n`).join('')
  return `strategy: ${id}
format: 1
start: queue
nodes:
  queue:
    type: target
    targets: [{ group: support }]
    wait: ${options.wait ?? '30s'}
${lines}    next: { timeout: done, error: done }
  done: { type: end, outcome: default-route }
`
}
