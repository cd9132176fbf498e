// A child process that dies with us: Linux's parent-death signal, set by util-linux's setpriv just before it execs
// the command, so an interrupted test run or a killed demo leaves no kamailio, sipp, redis-server, postgres or serve
// behind holding ports and folders. Where setpriv is missing the command runs as it is (and orphans stay possible).
import { existsSync } from 'node:fs'
import path from 'node:path'

const SETPRIV = '/usr/bin/setpriv'
const hasSetpriv = process.platform === 'linux' && existsSync(SETPRIV)

export interface TiedOptions {
  /** What the child receives when this process dies; default SIGTERM (postgres wants SIGINT, its fast shutdown). */
  signal?: NodeJS.Signals
  /** Run as this user and group (root starting postgres); setpriv switches them before the signal is set. */
  runAs?: { user: string; group: string } | undefined
}

/**
 * The command line that runs `command args` tied to this process. The pid spawned is the command's own (setpriv
 * execs it), so signalling the child still signals the command.
 */
export function tiedCommand(
  command: string,
  args: readonly string[],
  options: TiedOptions = {},
): [string, string[]] {
  const { signal = 'SIGTERM', runAs } = options
  // a missing command runs untied, so spawn says ENOENT as before rather than setpriv exiting 127
  if (!hasSetpriv || !onPath(command)) {
    // runuser, not setpriv: a changed user clears a parent-death signal anyway
    return runAs ? ['runuser', ['-u', runAs.user, '--', command, ...args]] : [command, [...args]]
  }
  const user = runAs ? ['--reuid', runAs.user, '--regid', runAs.group, '--init-groups'] : []
  return [SETPRIV, [...user, '--pdeathsig', signal, '--', command, ...args]]
}

/** Whether `command` names an existing file, as a path or on $PATH. */
function onPath(command: string): boolean {
  if (command.includes('/')) return existsSync(command)
  return (process.env.PATH ?? '')
    .split(path.delimiter)
    .some((dir) => dir !== '' && existsSync(path.join(dir, command)))
}
