// The files the server knows (open buffers over files on disk), parsed once per version, validated together so
// subroutine calls, test files and directory names resolve across files.
import path from 'node:path'
import { resolveTestDirectory, workspaceRootFor } from '@routewright/node-support/test-directory'
import { ALARMS_FILE, alarmTargetsOf, parseAlarms } from '@routewright/server/alarms'
import {
  type Diagnostic,
  type DirectoryDocument,
  documentKindOf,
  type SourceLocator,
  type StrategyDocument,
  safeParseDirectory,
  safeParseStrategy,
  safeParseTestDocument,
  type TestDocument,
  validateDirectory,
  validateStrategy,
  validateTestDocument,
} from '@routewright/strategy-dsl'
import type { Document } from 'yaml'
import { syntaxTreeOf } from './locate.ts'

/** The DSL's three kinds, and serve's alarms.yaml (checked with serve's own reader, as validate does). */
export type FileKind = 'strategy' | 'directory' | 'test' | 'alarms'

/** One file as last parsed: the document when it parsed, and its locator for positions. */
export interface ProjectFile {
  path: string
  kind: FileKind
  text: string
  open: boolean
  strategy?: StrategyDocument
  directory?: DirectoryDocument
  test?: TestDocument
  locator?: SourceLocator
  parseDiagnostics: Diagnostic[]
}

export function kindOfPath(file: string): FileKind | undefined {
  const name = path.basename(file)
  return documentKindOf(name) ?? (name === ALARMS_FILE ? 'alarms' : undefined)
}

/** What the project parses: a file's document (on each new text), or its lenient tree for requests (once asked). */
export type ParseKind = 'document' | 'syntax'

export interface ProjectOptions {
  /** Told of every parse (tests count them: one of each kind per version of an open file). */
  onParse?: (file: string, kind: ParseKind) => void
}

export class Project {
  private readonly files = new Map<string, ProjectFile>()
  private readonly disk = new Map<string, string>()
  /** Per entry, so per version: a new text makes a new entry and the old tree goes with the old entry. */
  private readonly trees = new WeakMap<ProjectFile, Document>()

  constructor(
    readonly root: string,
    private readonly options: ProjectOptions = {},
  ) {}

  /** The lenient YAML tree of `entry` that requests locate the cursor in, parsed once per version. */
  syntaxTree(entry: ProjectFile): Document {
    let tree = this.trees.get(entry)
    if (tree === undefined) {
      tree = syntaxTreeOf(entry.text)
      this.options.onParse?.(entry.path, 'syntax')
      this.trees.set(entry, tree)
    }
    return tree
  }

  /** The text on disk (read by the caller with the bounded reader); an open buffer still wins. */
  setDisk(file: string, text: string | undefined): void {
    if (text === undefined) this.disk.delete(file)
    else this.disk.set(file, text)
    const current = this.files.get(file)
    if (!current?.open) this.load(file, text, false)
  }

  open(file: string, text: string): void {
    this.load(file, text, true)
  }

  close(file: string): void {
    this.load(file, this.disk.get(file), false)
  }

  get(file: string): ProjectFile | undefined {
    return this.files.get(file)
  }

  all(): ProjectFile[] {
    return [...this.files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  }

  private load(file: string, text: string | undefined, open: boolean): void {
    const kind = kindOfPath(file)
    if (kind === undefined || text === undefined) {
      this.files.delete(file)
      return
    }
    const entry: ProjectFile = { path: file, kind, text, open, parseDiagnostics: [] }
    if (kind !== 'alarms') this.options.onParse?.(file, 'document')
    const display = path.relative(this.root, file) || file
    if (kind === 'strategy') {
      const parsed = safeParseStrategy(text, { file: display })
      entry.parseDiagnostics = parsed.diagnostics
      if (parsed.locator) entry.locator = parsed.locator
      if (parsed.success) entry.strategy = parsed.data
    } else if (kind === 'directory') {
      const parsed = safeParseDirectory(text, { file: display })
      entry.parseDiagnostics = parsed.diagnostics
      if (parsed.locator) entry.locator = parsed.locator
      if (parsed.success) entry.directory = parsed.data
    } else if (kind === 'test') {
      const parsed = safeParseTestDocument(text, { file: display })
      entry.parseDiagnostics = parsed.diagnostics
      if (parsed.locator) entry.locator = parsed.locator
      if (parsed.success) entry.test = parsed.data
    }
    this.files.set(file, entry)
  }

  /** Strategies by id (first path wins), for subroutine calls and tests. */
  strategies(): Map<string, StrategyDocument> {
    const out = new Map<string, StrategyDocument>()
    for (const file of this.all())
      if (file.strategy && !out.has(file.strategy.strategy)) out.set(file.strategy.strategy, file.strategy)
    return out
  }

  strategyFile(id: string): ProjectFile | undefined {
    return this.all().find((file) => file.strategy?.strategy === id)
  }

  /** The directory names resolve against: the only directory file, or the one nearest to `file` when several. */
  directoryFor(file: string): ProjectFile | undefined {
    const directories = this.all().filter((f) => f.kind === 'directory')
    if (directories.length <= 1) return directories[0]
    const folder = path.dirname(file)
    const near = directories.filter((d) => folder.startsWith(path.dirname(d.path)))
    return near.sort((a, b) => b.path.length - a.path.length)[0]
  }

  /** The directory a test file names (`directory:`), inside the workspace; otherwise the default one. */
  testDirectory(file: ProjectFile): { directory?: ProjectFile; problem?: Diagnostic } {
    if (!file.test?.directory)
      return this.directoryFor(file.path) ? { directory: this.directoryFor(file.path)! } : {}
    const resolved = resolveTestDirectory(
      file.path,
      file.test.directory,
      workspaceRootFor(file.path, this.root),
    )
    const range = file.locator?.rangeOf(['directory'])
    if (!resolved.ok) {
      return {
        problem: {
          code: 'RW097',
          severity: 'error',
          message: resolved.message,
          path: ['directory'],
          ...(range ? { range } : {}),
        },
      }
    }
    const directory = this.files.get(resolved.path)
    if (!directory) {
      return {
        problem: {
          code: 'RW095',
          severity: 'error',
          message: `The directory file "${file.test.directory}" does not exist; the path is relative to the test file`,
          path: ['directory'],
          ...(range ? { range } : {}),
        },
      }
    }
    return { directory }
  }

  /** Every finding for one file, as `routewright validate` would report it. */
  diagnostics(file: string): Diagnostic[] {
    const entry = this.files.get(file)
    if (!entry) return []
    if (entry.kind === 'alarms') return this.alarmDiagnostics(entry)
    const out = [...entry.parseDiagnostics]
    const ctx = entry.locator ? { locator: entry.locator } : {}
    if (entry.strategy) {
      const directory = this.directoryFor(file)?.directory
      out.push(
        ...validateStrategy(entry.strategy, {
          ...ctx,
          strategies: this.strategies(),
          ...(directory ? { directory } : {}),
        }),
      )
    } else if (entry.directory) {
      out.push(...validateDirectory(entry.directory, ctx))
    } else if (entry.test) {
      const { directory, problem } = this.testDirectory(entry)
      if (problem) out.push(problem)
      out.push(
        ...validateTestDocument(entry.test, {
          ...ctx,
          strategies: this.strategies(),
          ...(directory?.directory ? { directory: directory.directory } : {}),
        }),
      )
    }
    return out
  }

  /** alarms.yaml against the directory beside it: its rules' groups and queues must exist there. */
  private alarmDiagnostics(entry: ProjectFile): Diagnostic[] {
    const directory = this.directoryFor(entry.path)?.directory
    const display = path.relative(this.root, entry.path) || entry.path
    return parseAlarms(entry.text, display, directory && alarmTargetsOf(directory)).diagnostics
  }
}
