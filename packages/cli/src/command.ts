import type { FlagSpecs, ParsedArgs } from './args.ts'

/** Where a command reads and writes: the real process in the binary, buffers in tests. */
export interface CliIo {
  cwd: string
  out(text: string): void
  err(text: string): void
  /** Style output for a terminal (decided once: --color/--no-color, FORCE_COLOR, NO_COLOR, TTY). */
  color: boolean
  /** Standard input, for `-` as a path; at most `maxBytes` (undefined when more arrived). Absent: no stdin. */
  readStdin?(maxBytes: number): Promise<Uint8Array | undefined>
  /** Whether stderr is a terminal: progress bars are drawn only then. */
  errIsTTY?: boolean
  /** Whether stdout is a terminal: data formats (CSV) keep their bytes for a file or pipe, show controls escaped on it. */
  outIsTTY?: boolean
  /** The environment (FORCE_COLOR, NO_COLOR); tests pass their own. */
  env?: Readonly<Record<string, string | undefined>>
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
  /** Loads the command's module (commands/<name>.ts) and runs it: `--help` and other commands never load it. */
  run(args: ParsedArgs, io: CliIo): Promise<number>
}

/** The work of a command, in a module of its own that the dispatch imports only when that command runs. */
export interface CommandRunner {
  run(args: ParsedArgs, io: CliIo): Promise<number>
}
