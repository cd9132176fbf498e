import path from 'node:path'
import { decodeUtf8, readBoundedFile } from '@routewright/node-support/read'
import {
  type Diagnostic,
  type DirectoryDocument,
  jsonProblem,
  MAX_DEPTH,
  MAX_DOCUMENT_BYTES,
  type StrategyDocument,
  safeParseDirectory,
  safeParseStrategy,
  validateStrategy,
} from '@routewright/strategy-dsl'
import { duplicateIdDiagnostic } from './duplicate-ids.ts'
import { walk } from './files.ts'
import { readSources, type SourceFile } from './sources.ts'
import { idRangeOf } from './strategy-shard.ts'

const STRATEGY_KIND = new Set(['strategy'] as const)

export interface LoadedStrategy {
  document?: StrategyDocument
  source: SourceFile
  /** Parse errors (document absent) or, once validated, every finding. */
  diagnostics: Diagnostic[]
}

/**
 * Strategies and directories read lazily and once, for the commands that run strategies (test, run): a test
 * finds its strategy by id among the strategies of the given paths and of its own folder tree.
 */
export class Workspace {
  private readonly strategiesByPath = new Map<string, LoadedStrategy>()
  private readonly directories = new Map<
    string,
    { document?: DirectoryDocument; source: SourceFile; diagnostics: Diagnostic[] }
  >()
  private readonly walked = new Set<string>()
  /** Files named on the command line: they answer their ids before any file a walk found. */
  private readonly named = new Set<string>()
  /** Symbolic links the folder walks skipped (absolute), for a note on stderr. */
  readonly skippedLinks = new Set<string>()
  /** Entries the folder walks skipped as not regular files (a FIFO, a folder named like a strategy), absolute. */
  readonly notFiles = new Set<string>()

  constructor(private readonly cwd: string) {}

  /** Reads every strategy file under `folder` (once per folder). */
  async addFolder(folder: string): Promise<void> {
    const full = path.resolve(this.cwd, folder)
    if (this.walked.has(full)) return
    this.walked.add(full)
    const walked = await walk(full, STRATEGY_KIND)
    for (const link of walked.skippedLinks) this.skippedLinks.add(link)
    for (const entry of walked.notFiles) this.notFiles.add(entry)
    await this.addStrategyFiles(walked.files)
  }

  /**
   * Reads the strategies a test file's `tests:` id is looked for in beyond the paths given: the test's own folder and
   * those under it. `test` runs and `validate` checks a test against what this finds, so both find the same strategy.
   */
  async addTestFolders(testFiles: readonly string[]): Promise<void> {
    for (const file of testFiles) await this.addFolder(testedStrategyFolder(file))
  }

  async addStrategyFiles(files: readonly string[]): Promise<void> {
    const fresh = files.filter((file) => !this.strategiesByPath.has(file))
    for (const source of await readSources(fresh, this.cwd)) {
      const entry: LoadedStrategy = { source, diagnostics: source.readError ? [source.readError] : [] }
      if (source.input !== undefined) {
        const parsed = safeParseStrategy(source.input, { file: source.display })
        entry.diagnostics.push(...parsed.diagnostics)
        if (parsed.success) entry.document = parsed.data
      }
      this.strategiesByPath.set(source.path, entry)
    }
  }

  /**
   * Makes these files (absolute) answer their ids before any other file that shares one: `run x.strategy.yaml`
   * and `test x.strategy.yaml` check and route the file named, not a copy a folder walk found first by path.
   */
  prefer(files: readonly string[]): void {
    for (const file of files) this.named.add(path.resolve(this.cwd, file))
  }

  /** The paths read, the named files first, each part by path: the order in which a file answers its id. */
  private byPrecedence(): string[] {
    const keys = [...this.strategiesByPath.keys()].sort()
    return [...keys.filter((key) => this.named.has(key)), ...keys.filter((key) => !this.named.has(key))]
  }

  /** Every strategy file read so far (parsed or not), by path. */
  loaded(): LoadedStrategy[] {
    return [...this.strategiesByPath.keys()].sort().map((key) => this.strategiesByPath.get(key)!)
  }

  /** Every parsed strategy by id; a named file, else the first by path, wins when two share an id. */
  strategies(): Map<string, StrategyDocument> {
    const out = new Map<string, StrategyDocument>()
    for (const key of this.byPrecedence()) {
      const doc = this.strategiesByPath.get(key)?.document
      if (doc && !out.has(doc.strategy)) out.set(doc.strategy, doc)
    }
    return out
  }

  /**
   * RW094 for each of `ids` that two files read declare, when the files named do not settle which one is meant (none
   * of them is named, or several are): a test or run must not go on with whichever sorts first.
   */
  duplicates(ids: Iterable<string>): Diagnostic[] {
    const out: Diagnostic[] = []
    for (const id of new Set(ids)) {
      const declaring = this.byPrecedence()
        .map((key) => this.strategiesByPath.get(key)!)
        .filter((entry) => entry.document?.strategy === id)
      const named = declaring.filter((entry) => this.named.has(entry.source.path))
      const candidates = (named.length > 0 ? named : declaring).map((entry) => {
        // found from the text only here: a locator builds the file's whole YAML tree, which clean files never need
        const range = entry.source.text === undefined ? undefined : idRangeOf(entry.source.text)
        return { id, file: entry.source.display, ...(range ? { range } : {}) }
      })
      const [first, ...others] = candidates
      for (const other of others) out.push(duplicateIdDiagnostic(other, first!))
    }
    return out
  }

  /** The loaded strategy with this id, validated against the others and the directory, or undefined. */
  find(id: string, directory?: DirectoryDocument): LoadedStrategy | undefined {
    const strategies = this.strategies()
    for (const key of this.byPrecedence()) {
      const entry = this.strategiesByPath.get(key)!
      if (entry.document?.strategy !== id) continue
      const parsed = safeParseStrategy(entry.source.input ?? '', { file: entry.source.display })
      if (!parsed.success) return entry
      const found = validateStrategy(parsed.data, {
        file: entry.source.display,
        locator: parsed.locator,
        strategies,
        ...(directory ? { directory } : {}),
      })
      return { ...entry, diagnostics: [...parsed.diagnostics, ...found] }
    }
    return undefined
  }

  /** A strategy file given by path, parsed. */
  async strategyAt(file: string): Promise<LoadedStrategy> {
    const full = path.resolve(this.cwd, file)
    await this.addStrategyFiles([full])
    return this.strategiesByPath.get(full)!
  }

  /** A directory file, read and parsed once. */
  async directoryAt(
    file: string,
  ): Promise<{ document?: DirectoryDocument; source: SourceFile; diagnostics: Diagnostic[] }> {
    const full = path.resolve(this.cwd, file)
    const known = this.directories.get(full)
    if (known) return known
    const [source] = await readSources([full], this.cwd)
    const entry: { document?: DirectoryDocument; source: SourceFile; diagnostics: Diagnostic[] } = {
      source: source!,
      diagnostics: source!.readError ? [source!.readError] : [],
    }
    if (source!.input !== undefined) {
      const parsed = safeParseDirectory(source!.input, { file: source!.display })
      entry.diagnostics.push(...parsed.diagnostics)
      if (parsed.success) entry.document = parsed.data
    }
    this.directories.set(full, entry)
    return entry
  }
}

/** The folder whose tree holds a test file's strategy when the paths given do not: the test file's own. */
export function testedStrategyFolder(testFile: string): string {
  return path.dirname(testFile)
}

/**
 * A flag's value as given, or the text of `@file` (bounded read, byte order mark dropped: Notepad saves one), with
 * the name to cite it by: `--flag` or the file.
 */
export async function readTextArgument(
  value: string,
  cwd: string,
  flag: string,
): Promise<{ text: string; where: string }> {
  if (!value.startsWith('@')) return { text: value, where: `--${flag}` }
  const file = path.resolve(cwd, value.slice(1))
  const read = await readBoundedFile(file, MAX_DOCUMENT_BYTES)
  // the refusal and what to do about it, never the strategy-file advice readSource gives (`--agents @x` is no strategy)
  const refused = (problem: string, hint: string) =>
    new JsonArgumentError(`--${flag} ${value}: ${problem}`, hint)
  if (!read.ok) {
    if (read.reason === 'too-large')
      throw refused(
        read.message,
        `--${flag} takes a few lines of text; check that ${value.slice(1)} is the file you meant`,
      )
    if (read.reason === 'not-a-file')
      throw refused(read.message, 'Give a file after @, not a folder or a device')
    throw refused(read.message, 'Check the path after @ (relative to the current folder)')
  }
  const decoded = decodeUtf8(read.bytes)
  if (decoded === undefined)
    throw refused(
      'the file is not UTF-8 text',
      `Save ${value.slice(1)} as UTF-8, or check that it is the file you meant`,
    )
  const text = decoded.startsWith('\ufeff') ? decoded.slice(1) : decoded
  return { text, where: value.slice(1) }
}

/** Reads `--interaction '{"data":...}'` or `--interaction @file.json` as JSON. */
export async function readJsonArgument(value: string, cwd: string, flag: string): Promise<unknown> {
  const { text, where } = await readTextArgument(value, cwd, flag)
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    const detail = jsonProblem(text, error)
    throw new JsonArgumentError(`${where} is not valid JSON${detail ? ` (${detail})` : ''}`)
  }
  const depth = nestingDepth(parsed, MAX_DEPTH)
  if (depth > MAX_DEPTH) {
    throw new JsonArgumentError(
      `${where} is nested more than ${MAX_DEPTH} levels deep; interactions, agents and statistics need only a few levels`,
    )
  }
  return parsed
}

/** Depth of nested arrays and objects, counted without recursion; stops once past `limit`. */
export function nestingDepth(value: unknown, limit: number): number {
  let deepest = 0
  const stack: Array<[unknown, number]> = [[value, 1]]
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!
    if (typeof item !== 'object' || item === null) continue
    if (depth > deepest) deepest = depth
    if (deepest > limit) return deepest
    for (const child of Array.isArray(item) ? item : Object.values(item)) stack.push([child, depth + 1])
  }
  return deepest
}

export class JsonArgumentError extends Error {
  override name = 'JsonArgumentError'
  /** What to do, when it is not the usual "quote the JSON" (a file after @ that could not be read). */
  readonly hint: string | undefined

  constructor(message: string, hint?: string) {
    super(message)
    this.hint = hint
  }
}
