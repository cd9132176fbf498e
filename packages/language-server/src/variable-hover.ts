// pure over a Project: the hover of a variable or input read in a CEL expression (`tier == "gold"`,
// `data.customer_tier`): its declaration's type, default and description.
import { type DirectoryDocument, type Field, workspaceUses } from '@routewright/strategy-dsl'
import { wordAt } from './locate.ts'
import type { Project, ProjectFile } from './project.ts'
import { useAt } from './use-at.ts'

/** The hover text of the variable or input under the cursor, from the file's own uses (a hover reads no other file). */
export function variableHover(project: Project, entry: ProjectFile, offset: number): string | undefined {
  const strategy = entry.strategy
  if (!strategy) return undefined
  // the uses of the whole file are computed only under a declared name: a hover anywhere else costs nothing
  const under = wordAt(entry.text, offset)
  const word = under?.word
  const declared = (names: object | undefined) => word !== undefined && Object.hasOwn(names ?? {}, word)
  if (!declared(strategy.variables) && !declared(strategy.inputs)) return undefined
  const directory = project.directoryFor(entry.path)
  const locator = entry.locator ? { locator: entry.locator } : {}
  const uses = workspaceUses({
    strategies: [{ file: entry.path, document: strategy, ...locator }],
    // expressions compile against the directory (a skill read in CEL)
    directories: directory?.directory
      ? [{ file: directory.path, document: directory.directory as DirectoryDocument }]
      : [],
    tests: [],
    alarms: [],
  })
  const use = useAt(entry, offset, uses)
  // an expression that does not compile has no uses: `data.<input>` is still unmistakably a read of that input
  const name =
    use?.kind === 'variable'
      ? use.name
      : under !== undefined &&
          declared(strategy.inputs) &&
          entry.text.slice(Math.max(0, under.start - 5), under.start) === 'data.'
        ? `data.${word}`
        : undefined
  if (name === undefined) return undefined
  const input = name.startsWith('data.') ? name.slice('data.'.length) : undefined
  const field: Field | undefined = input !== undefined ? strategy.inputs?.[input] : strategy.variables?.[name]
  if (!field) return undefined
  const shown = field.default === undefined ? '' : `, default \`${JSON.stringify(field.default)}\``
  const head = `**${input !== undefined ? 'input' : 'variable'}** \`${name}\` (${field.type}${shown})`
  return field.description ? `${head}\n\n${field.description}` : head
}
