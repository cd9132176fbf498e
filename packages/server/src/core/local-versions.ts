// The strategy versions deployed in one process: a router each, the current one (new interactions start on it),
// retiring drained ones, and the one statistics provider following their directories.
import { capacityMedia, capacityRuleOf, type DirectoryDocument } from '@routewright/strategy-dsl'
import { type Clock, createMemoryStatProvider, type Router } from '@routewright/strategy-runtime'
import type { AgentBook } from './agent-book.ts'
import type { DeployableWorkspace } from './coordinator.ts'
import type { InteractionBook } from './interaction-book.ts'
import type { AdoptedInteractions } from './local-adopted.ts'
import { createSharedStats, type SharedStatProvider, type SharedStats } from './shared-stats.ts'
import type { VersionInfo } from './types.ts'

export interface Version {
  info: Omit<VersionInfo, 'status' | 'open'>
  router: Router
  agentIds: ReadonlySet<string>
  /** The media each agent has capacity for (what the version's router accepts a state for). */
  agentMedia: ReadonlyMap<string, readonly string[]>
  directory: DirectoryDocument
}

export interface DeployedVersions {
  get(id: string): Version | undefined
  /** The version new interactions start on; undefined before the first deploy. */
  current(): Version | undefined
  entries(): IterableIterator<[string, Version]>
  ids(): string[]
  info(version: Version): VersionInfo
  /** The one statistics provider, made with the first version deployed. */
  sharedStats(workspace: DeployableWorkspace): SharedStats
  stats(): SharedStats | undefined
  /** Adds a version routing with `router` (its agents and their media read from the workspace's directory). */
  add(workspace: DeployableWorkspace, router: Router): Version
  /** New interactions start on `version`; drained versions retire and the provider follows the directories. */
  makeCurrent(version: Version): void
  /** Older versions with nothing left to finish stop. */
  retireDrained(): void
  /** While true, versions with nothing open are not retired (a takeover deploys them before resuming). */
  keep(value: boolean): void
  /** Stops every router. */
  stop(): void
}

export function createDeployedVersions(
  book: InteractionBook,
  agents: AgentBook,
  adopted: AdoptedInteractions,
  clock: Clock,
  statsOption: ((workspace: DeployableWorkspace) => SharedStatProvider | undefined) | undefined,
  onRetired: ((version: string) => void) | undefined,
): DeployedVersions {
  const versions = new Map<string, Version>()
  let current: Version | undefined
  let keep = false
  /** The one statistics provider, made at the first deploy. */
  let stats: SharedStats | undefined

  function retireDrained(): void {
    if (!keep && retire()) followDirectories()
  }

  /** Whether a version was retired. */
  function retire(): boolean {
    let retired = false
    for (const [id, version] of versions) {
      if (version === current || book.openOn(id) > 0) continue
      if (adopted.onVersion(id)) continue
      versions.delete(id)
      agents.detach(id)
      version.router.stop()
      retired = true
      // the one signal that nothing open names the version: what else is kept per version follows it
      onRetired?.(id)
    }
    return retired
  }

  /** The provider counts agents in the current directory and keeps what draining versions still name. */
  function followDirectories(): void {
    if (!stats || !current) return
    const draining: DirectoryDocument[] = []
    for (const version of versions.values()) if (version !== current) draining.push(version.directory)
    stats.follow(current.directory, draining)
  }

  return {
    get: (id) => versions.get(id),
    current: () => current,
    entries: () => versions.entries(),
    ids: () => [...versions.keys()],
    info(version) {
      return {
        ...version.info,
        status: version === current ? 'current' : 'draining',
        open: book.openOn(version.info.version),
      }
    },
    sharedStats(workspace) {
      stats ??= createSharedStats(
        statsOption?.(workspace) ?? createMemoryStatProvider({ clock, directory: workspace.directory }),
        workspace.directory,
      )
      return stats
    },
    stats: () => stats,
    add(workspace, router) {
      const version: Version = {
        router,
        agentIds: new Set(Object.keys(workspace.directory.agents ?? {})),
        agentMedia: new Map(
          Object.entries(workspace.directory.agents ?? {}).map(([agent, def]) => [
            agent,
            capacityMedia(capacityRuleOf(def, workspace.directory.capacityRules)),
          ]),
        ),
        directory: workspace.directory,
        info: {
          version: workspace.version,
          strategies: [...workspace.strategies.keys()].sort(),
          directory: workspace.directory.directory,
          deployedAt: clock.now(),
        },
      }
      versions.set(workspace.version, version)
      return version
    },
    makeCurrent(version) {
      current = version
      retireDrained()
      followDirectories()
    },
    retireDrained,
    keep(value) {
      keep = value
      if (!value) retireDrained()
    },
    stop() {
      for (const version of versions.values()) version.router.stop()
      versions.clear()
      current = undefined
    },
  }
}
