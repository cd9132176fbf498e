// The dispatch: finds the command (its light spec), prints help and version, and loads the command only to run it.
// the light subpath: help, --version and usage errors must not load the whole DSL

import { printable } from '@routewright/node-support/printable'
import { shortened } from '@routewright/strategy-dsl/cut-text'
import { closest } from '@routewright/strategy-dsl/did-you-mean'
import { describeFlags, parseCommandArgs, UsageError } from './args.ts'
import { type CliIo, type Command, EXIT } from './command.ts'
import { SPEC_URL, VERSION } from './meta.ts'
import { colorWanted } from './report/style.ts'
import { designerCommand } from './specs/designer.ts'
import { diffCommand } from './specs/diff.ts'
import { fmtCommand } from './specs/fmt.ts'
import { historyCommand } from './specs/history.ts'
import { lspCommand } from './specs/lsp.ts'
import { reportCommand } from './specs/report.ts'
import { runCommand } from './specs/run.ts'
import { schemaCommand } from './specs/schema.ts'
import { serveCommand } from './specs/serve.ts'
import { simulateCommand } from './specs/simulate.ts'
import { testCommand } from './specs/test.ts'
import { validateCommand } from './specs/validate.ts'
import { whereUsedCommand } from './specs/where-used.ts'

export const COMMANDS: readonly Command[] = [
  validateCommand,
  fmtCommand,
  schemaCommand,
  testCommand,
  runCommand,
  simulateCommand,
  lspCommand,
  serveCommand,
  diffCommand,
  whereUsedCommand,
  reportCommand,
  historyCommand,
  designerCommand,
]

export { VERSION }

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2
  return [
    `routewright ${VERSION}: validate, format, test and run routing strategies`,
    '',
    'Usage: routewright <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    'Options:',
    '  -h, --help          Show help (routewright <command> --help for a command)',
    '  -v, --version       Print the version',
    '  --color, --no-color Force colour on or off (default: on for a terminal; FORCE_COLOR, NO_COLOR)',
    '',
    'Exit codes: 0 clean, 1 errors or failures found, 2 usage error, 130 interrupted (Ctrl-C), 143 stopped by SIGTERM (simulate; serve stops cleanly, 0).',
    `File format, node kinds and diagnostic codes: ${SPEC_URL}`,
    '',
  ].join('\n')
}

function commandHelp(command: Command): string {
  const parts = [command.summary, '', `Usage: ${command.usage}`, '', 'Options:', describeFlags(command.flags)]
  if (command.details) parts.push('', command.details)
  parts.push('', `File format, node kinds and diagnostic codes: ${SPEC_URL}`)
  return `${parts.join('\n')}\n`
}

/** `--color` / `--no-color` work with every command: taken out before the command's own flags are parsed. */
function takeColorFlags(argv: readonly string[], io: CliIo): { argv: string[]; io: CliIo } {
  let flag: boolean | undefined
  const rest: string[] = []
  for (const [index, arg] of argv.entries()) {
    if (arg === '--') {
      rest.push(...argv.slice(index))
      break
    }
    if (arg === '--color') flag = true
    else if (arg === '--no-color') flag = false
    else rest.push(arg)
  }
  if (flag === undefined) return { argv: rest, io }
  return { argv: rest, io: { ...io, color: colorWanted({ flag, env: io.env ?? {}, isTTY: false }) } }
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code; never throws. */
export async function runCli(rawArgv: readonly string[], rawIo: CliIo): Promise<number> {
  const { argv, io } = takeColorFlags(rawArgv, rawIo)
  const [first, ...rest] = argv
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    const topic = first === 'help' ? COMMANDS.find((c) => c.name === rest[0]) : undefined
    io.out(topic ? commandHelp(topic) : mainHelp())
    return first === undefined ? EXIT.usage : EXIT.ok
  }
  if (first === '--version' || first === '-v' || first === 'version') {
    io.out(`${VERSION}\n`)
    return EXIT.ok
  }
  const command = COMMANDS.find((c) => c.name === first)
  if (!command) {
    const suggestion = first.startsWith('-')
      ? undefined
      : closest(
          first,
          COMMANDS.map((c) => c.name),
        )
    const shown = printable(shortened(first, MAX_WORD_CHARS))
    io.err(`error: ${first.startsWith('-') ? `unknown option ${shown}` : `unknown command "${shown}"`}\n`)
    io.err(`hint: ${suggestion ? `did you mean "routewright ${suggestion}"? ` : ''}see routewright --help\n`)
    return EXIT.usage
  }
  try {
    const args = parseCommandArgs(command.name, rest, command.flags)
    if (args.flags.help === true) {
      io.out(commandHelp(command))
      return EXIT.ok
    }
    return await command.run(args, io)
  } catch (error) {
    if (error instanceof UsageError) {
      // usage errors echo what the user typed or a walk found, file names included
      io.err(`error: ${shownLine(error.message)}\n`)
      if (error.fix) io.err(`fix: ${shownLine(error.fix)}\n`)
      if (error.hint) io.err(`hint: ${shownLine(error.hint)}\n`)
      return EXIT.usage
    }
    // a bug of ours, not of the user's files: say so plainly rather than print a bare stack
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error)
    io.err(
      `routewright ${command.name} failed unexpectedly; please report this with the files involved.\n${detail}\n`,
    )
    return EXIT.findings
  }
}

/** A command or option name is a word: a longer one (an argument pasted by mistake) is quoted by its start. */
const MAX_WORD_CHARS = 80
/** A usage error quotes a path or two (PATH_MAX is 4096) and what was typed; an argument of 100 kB is cut. */
const MAX_LINE_CHARS = 10_000

/** A usage error's line as printed: control and bidi characters shown, its length within MAX_LINE_CHARS. */
function shownLine(text: string): string {
  return printable(shortened(text, MAX_LINE_CHARS))
}
