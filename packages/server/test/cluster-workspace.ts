// The workspace of the cluster tests and benchmarks: agents of one support group, voice-only and "1 voice or 3
// chats" ones in turn, one strategy waiting for the group, and each agent's capacity rule for a ledger to check.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { type CapacityRule, capacityRuleOf, parseDirectory } from '@routewright/strategy-dsl'

export function clusterWorkspace(agents: number): {
  dir: string
  rules: Map<string, CapacityRule>
  remove(): void
} {
  const dir = mkdtempSync(path.join(tmpdir(), 'rw-cluster-'))
  const lines = Array.from({ length: agents }, (_, i) =>
    i % 2 === 0
      ? `  a${i}: { groups: [support], capacity: { voice: 1 } }`
      : `  a${i}: { groups: [support], capacityRule: mix }`,
  )
  const directory = `directory: cluster\nformat: 1\ngroups:\n  support: {}\ncapacityRules:\n  mix: { combinations: [{ voice: 1 }, { chat: 3 }] }\nagents:\n${lines.join('\n')}\n`
  writeFileSync(path.join(dir, 'cluster.directory.yaml'), directory)
  writeFileSync(
    path.join(dir, 'support.strategy.yaml'),
    'strategy: support\nformat: 1\nstart: pick\nnodes:\n  pick:\n    type: target\n    targets: [{ group: support }]\n    wait: 1h\n    next: { timeout: bye }\n  bye: { type: end, outcome: default-route }\n',
  )
  const parsed = parseDirectory(directory)
  const rules = new Map(
    Object.entries(parsed.agents ?? {}).map(([id, agent]) => [
      id,
      capacityRuleOf(agent, parsed.capacityRules),
    ]),
  )
  return { dir, rules, remove: () => rmSync(dir, { recursive: true, force: true }) }
}
