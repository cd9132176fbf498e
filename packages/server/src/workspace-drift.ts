// Several processes on one Redis start new interactions on the version deployed last, whichever process loaded it:
// a process whose own workspace is another (a stale checkout, another folder) says so, once each time it happens:
// a log line and a `workspace-drift` stream event as it starts and ends, and the monitor snapshot meanwhile.
import type { WorkspaceDriftView } from './core/types.ts'
import type { Logger } from './log.ts'

export interface WorkspaceDrift {
  /** The cluster's current version read now: answers why it is not this workspace's, logged once, else undefined. */
  check(current: string | undefined): string | undefined
  /** As last checked: what differs, or undefined while the cluster routes on this workspace. */
  state(): WorkspaceDriftView | undefined
}

export function createWorkspaceDrift(
  own: () => { version: string; root: string },
  log: Logger,
  /** Each change of state: the drift that began (or moved to another version), or undefined once it ended. */
  onChange: (drift: WorkspaceDriftView | undefined, version: string) => void = () => {},
): WorkspaceDrift {
  let told: WorkspaceDriftView | undefined
  return {
    check(current) {
      const { version, root } = own()
      if (current === undefined || current === version) {
        if (told !== undefined) {
          log('info', 'the cluster routes on this workspace again', { version })
          told = undefined
          onChange(undefined, version)
        }
        return undefined
      }
      if (told?.current === current && told.workspace === version) return told.warning
      const warning = `New interactions start on strategy version ${current}, which another process on this Redis deployed; this process's workspace (${root}) is version ${version}. Give every process on one Redis the same workspace files; POST /v1/reload here deploys this one again.`
      log('warn', 'workspace differs from the cluster', { current, workspace: version, warning })
      told = { current, workspace: version, warning }
      onChange(told, version)
      return warning
    },
    state: () => told,
  }
}
