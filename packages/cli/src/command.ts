import type { FlagSpecs, ParsedArgs } from './args.ts'

/** Where a command reads and writes: the real process in the binary, buffers in tests. */
export interface CliIo {
  cwd: string
  out(text: string): void
  err(text: string): void
  /** Style output for a terminal. */
  color: boolean
  /** The bundled validate worker (dist/validate-worker.js), when running from the bundle. */
  workerScript?: string
}

/** Exit codes: 0 clean, 1 findings (errors, failed tests, files to format), 2 usage errors. */
export const EXIT = { ok: 0, findings: 1, usage: 2 } as const

export interface Command {
  name: string
  summary: string
  /** `routewright validate [paths or globs]` */
  usage: string
  flags: FlagSpecs
  /** Lines after the flags: examples and notes. */
  details?: string
  run(args: ParsedArgs, io: CliIo): Promise<number>
}
