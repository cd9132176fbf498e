// Types of router-fixture.mjs for router.bench.ts (the script stays plain JavaScript for bare Node).
import type { DirectoryDocument, StrategyDocument } from '@routewright/strategy-dsl'

export function benchDirectory(agents: number, groups: number): DirectoryDocument
export function benchStrategies(groups: number): StrategyDocument[]
