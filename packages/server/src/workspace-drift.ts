// Several processes on one Redis start new interactions on the version deployed last, whichever process loaded it:
// a process whose own workspace is another (a stale checkout, another folder) says so, once each time it happens.
import type { Logger } from './log.ts'

export interface WorkspaceDrift {
  /** The cluster's current version read now: answers why it is not this workspace's, logged once, else undefined. */
  check(current: string | undefined): string | undefined
}

export function createWorkspaceDrift(
  own: () => { version: string; root: string },
  log: Logger,
): WorkspaceDrift {
  let told: string | undefined
  return {
    check(current) {
      const { version, root } = own()
      if (current === undefined || current === version) {
        if (told !== undefined) log('info', 'the cluster routes on this workspace again', { version })
        told = undefined
        return undefined
      }
      const warning = `New interactions start on strategy version ${current}, which another process on this Redis deployed; this process's workspace (${root}) is version ${version}. Give every process on one Redis the same workspace files; POST /v1/reload here deploys this one again.`
      if (told !== current)
        log('warn', 'workspace differs from the cluster', { current, workspace: version, warning })
      told = current
      return warning
    },
  }
}
