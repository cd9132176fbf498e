// serve's --young-generation: V8 sizes its young generation (--max-semi-space-size) only as the process starts, and
// v8.setFlagsFromString later changes nothing (measured: the new space stayed at Node's size), so the binary starts
// serve again as a child Node with the flag, passing its signals on and leaving with its exit code.
import { spawn } from 'node:child_process'
import { constants } from 'node:os'
import { tiedCommand } from '@routewright/node-support/tied-child'
import { UsageError } from './args.ts'

/** Larger is memory held for no measured gain: the young generation grows to two semi-spaces of this size. */
export const MAX_YOUNG_GENERATION_MB = 256

/** `--young-generation`: a semi-space size in MB from 1 to MAX_YOUNG_GENERATION_MB, or undefined (Node's). */
export function youngGenerationFlag(value: string | boolean | undefined): number | undefined {
  if (value === undefined) return undefined
  if (
    typeof value !== 'string' ||
    !/^\d{1,3}$/.test(value) ||
    Number(value) < 1 ||
    Number(value) > MAX_YOUNG_GENERATION_MB
  )
    throw new UsageError(
      `--young-generation is a size in MB from 1 to ${MAX_YOUNG_GENERATION_MB} (got "${String(value)}")`,
      "Try: --young-generation 64 (fewer scavenges at 1,000 interactions a second; without it, Node's 16)",
    )
  return Number(value)
}

/** The Node flag that gives this process `mb`, as the binary passes it to serve's child. */
export const semiSpaceFlag = (mb: number): string => `--max-semi-space-size=${mb}`

/**
 * The Node flag to start `routewright <argv>` again with: a `serve` asking for a valid --young-generation that this
 * process was not started with. A bad value starts nothing: serve itself refuses it, as it refuses any bad flag.
 */
export function youngGenerationRelaunch(
  argv: readonly string[],
  execArgv: readonly string[],
): string | undefined {
  if (argv[0] !== 'serve') return undefined
  let value: string | undefined
  argv.forEach((arg, i) => {
    if (arg === '--young-generation') value = argv[i + 1]
    else if (arg.startsWith('--young-generation=')) value = arg.slice('--young-generation='.length)
  })
  let mb: number | undefined
  try {
    mb = youngGenerationFlag(value)
  } catch {
    return undefined
  }
  if (mb === undefined) return undefined
  // the child carries the flag last, so it is the one in effect: no second start
  return execArgv.at(-1) === semiSpaceFlag(mb) ? undefined : semiSpaceFlag(mb)
}

/** Runs this command line again in a child Node with `flag`; resolves with the exit code to leave with. */
export function runWithNodeFlag(flag: string): Promise<number> {
  // its own process group: a terminal's Ctrl-C reaches this process alone and is passed on once (a second SIGINT
  // during serve's graceful stop would end it at once); tied, so it never outlives this process
  const child = spawn(
    ...tiedCommand(process.execPath, [...process.execArgv, flag, ...process.argv.slice(1)]),
    { stdio: 'inherit', detached: true },
  )
  const signals: NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP']
  const pass = (signal: NodeJS.Signals) => child.kill(signal)
  for (const signal of signals) process.on(signal, pass)
  return new Promise((resolve) => {
    child.on('error', (error) => {
      process.stderr.write(`error: could not start serve with ${flag}: ${error.message}\n`)
      resolve(1)
    })
    child.on('close', (code, signal) => {
      for (const s of signals) process.off(s, pass)
      resolve(code ?? 128 + (signal ? constants.signals[signal] : 0))
    })
  })
}
