// pure: the one line that says how a scenario ended, as `routewright test` and the editor's test runs print it.
import { formatNodePath } from '@routewright/strategy-dsl'
import type { ScenarioResult } from './scenario.ts'

/** `outcome "routed", agent ann, target group:vip_team; path has_tier → vip_desk` */
export function resultSummary(result: ScenarioResult): string {
  const agent = result.agent ? `, agent ${result.agent}` : ''
  const target = result.target ? `, target ${result.target}` : ''
  return `outcome ${JSON.stringify(result.outcome)}${agent}${target}; path ${formatNodePath(result.path)}`
}
