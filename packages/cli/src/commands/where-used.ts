// `routewright where-used <name>`: every use of a named object across the workspace, as a table or JSON.

import { printableName, quotedName } from '@routewright/node-support/printable'
import {
  formatPath,
  type ReferenceKind,
  type Use,
  type WhereUsed,
  whereUsed,
} from '@routewright/strategy-dsl'
import { alignedCells } from '@routewright/strategy-dsl/display-width'
import { UsageError } from '../args.ts'
import { type CommandRunner, EXIT } from '../command.ts'
import { jsonOutput } from '../json-output.ts'
import { placeOf } from '../report/place.ts'
import { createStyle } from '../report/style.ts'
import { requireWorkspaceFolder } from '../workspace-folder.ts'
import { loadUsageWorkspace } from './where-used-load.ts'

/** What `routewright where-used` does; its flags and help are in specs/where-used.ts. */
export const whereUsedRunner: CommandRunner = {
  async run({ flags, positionals }, io) {
    const [name, ...rest] = positionals
    if (name === undefined || rest.length > 0 || name.trim() === '') {
      throw new UsageError(
        'where-used takes exactly one name: a group, queue, skill, agent, strategy, variable or prompt',
        'Try: routewright where-used vip_team --kind group',
      )
    }
    // missing or a file, walked as it was, it answered "Nothing in the workspace is named ..." (exit 1)
    const given = typeof flags.workspace === 'string' ? flags.workspace : '.'
    const folder = await requireWorkspaceFolder(given, io.cwd)
    const { skipped, noFiles, ...workspace } = await loadUsageWorkspace(
      folder,
      io.cwd,
      given,
      flags['pass-with-no-files'] === true,
    )
    if (noFiles !== undefined) {
      io.err(noFiles)
      return EXIT.ok
    }
    for (const line of skipped) io.err(`${line}\n`)
    // `<strategy>#<node>` names a node: node ids are unique only within their strategy
    const kind =
      typeof flags.kind === 'string' ? (flags.kind as ReferenceKind) : name.includes('#') ? 'node' : undefined
    const found = whereUsed(workspace, name, { kind })
    io.out(flags.format === 'json' ? jsonOutput(jsonOf(found, kind)) : table(found, kind, io.color))
    return found.uses.length > 0 || found.declarations.length > 0 ? EXIT.ok : EXIT.findings
  },
}

/** Names in documents are ids of at most 64 characters (RW025): a longer name given is quoted by its start. */
const MAX_NAME_CHARS = 120

function where(use: Use): string {
  return placeOf(use.file, use.range)
}

/** The field within the node (`targets[1].group`), or the full path outside nodes (`agents.ann.groups[0]`). */
function field(use: Use): string {
  return formatPath(use.node !== undefined ? use.path.slice(2) : use.path)
}

function table(found: WhereUsed, kind: ReferenceKind | undefined, color: boolean): string {
  const style = createStyle(color)
  // the name is what was typed: an ESC or a pasted page in it is shown, and cut, not sent to the terminal
  const label = `${quotedName(found.name, MAX_NAME_CHARS)}${kind ? ` (${kind})` : ''}`
  if (found.uses.length === 0 && found.declarations.length === 0) {
    const hint = found.suggestion ? ` Did you mean "${found.suggestion}"?` : ''
    return `Nothing in the workspace is named ${label}.${hint}\n`
  }
  const lines: string[] = []
  for (const d of found.declarations)
    lines.push(`${style.bold(printableName(found.name))} ${d.kind} ${d.use} at ${where(d)}`)
  if (found.uses.length === 0) {
    lines.push(`${label} is not used anywhere.`)
    return `${lines.join('\n')}\n`
  }
  const rows = found.uses.map((u) => [
    where(u),
    u.kind,
    u.node !== undefined ? `${u.strategy}/${u.node}` : (u.strategy ?? '-'),
    field(u),
    u.use,
  ])
  lines.push(`${found.uses.length} use${found.uses.length === 1 ? '' : 's'} of ${label}:`)
  for (const cells of alignedCells(rows)) {
    lines.push(`  ${style.cyan(cells[0] as string)}  ${cells.slice(1).join('  ')}`.trimEnd())
  }
  return `${lines.join('\n')}\n`
}

function jsonOf(found: WhereUsed, kind: ReferenceKind | undefined) {
  const row = (u: Use) => ({
    kind: u.kind,
    name: u.name,
    use: u.use,
    file: u.file,
    line: u.range?.start.line,
    column: u.range?.start.column,
    strategy: u.strategy,
    node: u.node,
    path: formatPath(u.path),
  })
  return {
    name: found.name,
    kind: kind ?? null,
    uses: found.uses.map(row),
    declarations: found.declarations.map(row),
    ...(found.suggestion ? { didYouMean: found.suggestion } : {}),
  }
}
