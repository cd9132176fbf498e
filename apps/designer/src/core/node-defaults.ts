// pure: the settings a node gets when dropped from the palette; chosen to be valid where the directory allows.
import {
  assertNever,
  type DirectoryDocument,
  type NodeType,
  type StrategyNode,
} from '@routewright/strategy-dsl'

const firstKey = (record: Record<string, unknown> | undefined) => Object.keys(record ?? {})[0]

export function defaultNode(type: NodeType, directory?: DirectoryDocument): StrategyNode {
  switch (type) {
    case 'switch':
      return { type, cases: [{ label: 'yes', when: 'true' }] }
    case 'schedule':
      return { type, calendar: firstKey(directory?.calendars) ?? 'business_hours' }
    case 'split':
      return {
        type,
        branches: [
          { label: 'A', weight: 50 },
          { label: 'B', weight: 50 },
        ],
      }
    case 'assign':
      return { type, set: { result: '""' } }
    case 'attach':
      return { type, set: { Segment: '"standard"' } }
    case 'function':
      return { type, call: firstKey(directory?.functions) ?? 'lookup' }
    case 'subroutine':
      return { type, call: 'subroutine' }
    case 'queue-priority':
      return { type, raise: 1 }
    case 'treatment':
      return { type, play: 'prompts/welcome' }
    case 'wait':
      return { type, for: '10s' }
    case 'target':
      return { type, targets: [{ group: firstKey(directory?.groups) ?? 'support' }], wait: '60s' }
    case 'route':
      return { type, destination: firstKey(directory?.destinations) ?? 'default_destination' }
    case 'end':
      return { type, outcome: 'default-route' }
    default:
      return assertNever(type, 'node type')
  }
}
