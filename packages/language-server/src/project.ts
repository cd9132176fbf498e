// The files the server knows (open buffers over files on disk), parsed once per version, validated together so
// subroutine calls, test files and directory names resolve across files; the findings kept while nothing they read
// changed. Parsing is project-file.ts, directory resolution directory-lookup.ts, the rules file-validation.ts.
import type { Diagnostic, StrategyDocument } from '@routewright/strategy-dsl'
import { Document } from 'yaml'
import { folderOf, nearestDirectory, testDirectoryOf } from './directory-lookup.ts'
import { validateFile } from './file-validation.ts'
import { type Located, locateIn, syntaxTreeOf } from './locate.ts'
import { kindOfPath, type ParseKind, type ProjectFile, parseProjectFile } from './project-file.ts'
import { RecordingMap } from './recording-map.ts'
import { duplicateIdFinding, nearestFile } from './strategy-ids.ts'

/** The DSL's refusals of a text before it reads it: too large (RW003), nested too deep (RW004). */
const UNREAD_TEXT: ReadonlySet<string> = new Set(['RW003', 'RW004'])

export { type FileKind, kindOfPath, type ParseKind, type ProjectFile } from './project-file.ts'

/** A file's findings and what they were computed from: kept while none of it changes (per version of each). */
export interface Findings {
  entry: ProjectFile
  diagnostics: Diagnostic[]
  /** The directory file its names resolved against. */
  directory: ProjectFile | undefined
  /** The strategy file of each id its validation looked up (undefined: no strategy had that id). */
  strategies: Map<string, ProjectFile | undefined>
  /** Every strategy file, when its validation listed them all (a did-you-mean): then any of them matters. */
  allStrategies?: ProjectFile[]
  /** A strategy's files of the same id (RW094 names them): kept while they are the same. */
  sameId: readonly ProjectFile[]
}

export interface ProjectOptions {
  /** Told of every parse (tests count them: one of each kind per version of an open file). */
  onParse?: (file: string, kind: ParseKind) => void
}

export class Project {
  private readonly files = new Map<string, ProjectFile>()
  private readonly disk = new Map<string, string>()
  /** Why a file on disk could not be read (a closed file shows it as its finding; an open buffer still wins). */
  private readonly diskProblems = new Map<string, Diagnostic>()
  /** Per entry, so per version: a new text makes a new entry and the old tree goes with the old entry. */
  private readonly trees = new WeakMap<ProjectFile, Document>()
  private readonly findingsOf = new Map<string, Findings>()
  /** Strategy files by id (first path wins), rebuilt after a change. */
  private byId: Map<string, ProjectFile> | undefined
  /** Every strategy file of each id (several when ids clash), rebuilt with `byId`. */
  private allById: Map<string, ProjectFile[]> | undefined

  constructor(
    readonly root: string,
    private readonly options: ProjectOptions = {},
  ) {}

  /** The scalar under `offset` of `entry`: from the DSL's parse of this version, so a request parses nothing. */
  locate(entry: ProjectFile, offset: number): Located | undefined {
    if (entry.locator?.nodeAt) return entry.locator.nodeAt(offset)
    return locateIn(this.syntaxTree(entry), entry.text, offset)
  }

  /** The lenient YAML tree of `entry`, parsed once per version: for text the DSL kept no positions of. */
  private syntaxTree(entry: ProjectFile): Document {
    let tree = this.trees.get(entry)
    if (tree === undefined) {
      // text the DSL refused unread for its size or depth is not parsed here either: yaml's lenient parse of a
      // 2 MB nesting held the server's one thread for 29 s at each hover; requests there answer nothing
      if (entry.parseDiagnostics.some((d) => UNREAD_TEXT.has(d.code))) tree = new Document()
      else {
        tree = syntaxTreeOf(entry.text)
        this.options.onParse?.(entry.path, 'syntax')
      }
      this.trees.set(entry, tree)
    }
    return tree
  }

  /** The text on disk (read by the caller with the bounded reader); an open buffer still wins. */
  setDisk(file: string, text: string | undefined): void {
    this.diskProblems.delete(file)
    if (text === undefined) this.disk.delete(file)
    else this.disk.set(file, text)
    if (!this.files.get(file)?.open) this.loadClosed(file)
  }

  /** A file on disk that cannot be read (`problem` says why and how to fix it): known by name, with no document. */
  setUnreadable(file: string, problem: Diagnostic): void {
    this.disk.delete(file)
    this.diskProblems.set(file, problem)
    if (!this.files.get(file)?.open) this.loadClosed(file)
  }

  open(file: string, text: string): void {
    this.load(file, text, true)
  }

  close(file: string): void {
    this.loadClosed(file)
  }

  /** Closed files that could not be read from disk: their findings are published though no editor shows them. */
  unreadable(): ProjectFile[] {
    // from the problems, not every file: this runs on each validation
    const out: ProjectFile[] = []
    for (const file of this.diskProblems.keys()) {
      const entry = this.files.get(file)
      if (entry?.unreadable) out.push(entry)
    }
    return out
  }

  /** A closed file: its text on disk, or an entry that says why it could not be read, or nothing. */
  private loadClosed(file: string): void {
    const problem = this.diskProblems.get(file)
    const kind = kindOfPath(file)
    if (problem === undefined || kind === undefined) {
      this.load(file, this.disk.get(file), false)
      return
    }
    this.byId = undefined
    // a new entry per problem, so findings kept for the old one (and for files that read it) go stale
    this.files.set(file, {
      path: file,
      kind,
      text: '',
      bom: false,
      open: false,
      parseDiagnostics: [problem],
      unreadable: problem,
    })
  }

  get(file: string): ProjectFile | undefined {
    return this.files.get(file)
  }

  all(): ProjectFile[] {
    return [...this.files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  }

  private load(file: string, input: string | undefined, open: boolean): void {
    this.byId = undefined
    const kind = kindOfPath(file)
    if (kind === undefined || input === undefined) {
      this.files.delete(file)
      return
    }
    this.options.onParse?.(file, 'document')
    this.files.set(file, parseProjectFile(file, kind, input, open, this.root))
  }

  /** Strategies by id (first path wins), for subroutine calls and tests. */
  strategies(): Map<string, StrategyDocument> {
    const out = new Map<string, StrategyDocument>()
    for (const [id, file] of this.strategyFiles()) out.set(id, file.strategy!)
    return out
  }

  strategyFile(id: string): ProjectFile | undefined {
    return this.strategyFiles().get(id)
  }

  /** The strategy of `id` as the file `from` sees it when ids clash: itself, else the one nearest its folder. */
  strategyFileFor(id: string, from: string): ProjectFile | undefined {
    const files = this.sameId(id)
    if (files.length < 2) return files[0]
    return nearestFile(files, from)
  }

  /** The strategy files that declare `id` (more than one: a clash, RW094). */
  sameId(id: string): readonly ProjectFile[] {
    this.strategyFiles()
    return this.allById!.get(id) ?? []
  }

  /** The strategy file a strategy or test file belongs to (resolved by file when ids clash). */
  ownerOf(entry: ProjectFile): ProjectFile | undefined {
    if (entry.strategy) return entry
    return entry.test ? this.strategyFileFor(entry.test.tests, entry.path) : undefined
  }

  private strategyFiles(): Map<string, ProjectFile> {
    if (this.byId === undefined) {
      this.byId = new Map()
      this.allById = new Map()
      for (const file of this.all()) {
        if (!file.strategy) continue
        const id = file.strategy.strategy
        if (!this.byId.has(id)) this.byId.set(id, file)
        const same = this.allById.get(id)
        if (same) same.push(file)
        else this.allById.set(id, [file])
      }
    }
    return this.byId
  }

  /** The workspace folders (a multi-root workspace has several); none: every directory file is a candidate. */
  private folders: readonly string[] = []

  /** The client's workspace folders changed (a folder added to or removed from a multi-root workspace). */
  setFolders(folders: readonly string[]): void {
    this.folders = [...folders]
  }

  /** The workspace folder holding `file`; the root for a file outside them all. */
  rootFor(file: string): string {
    return folderOf(this.folders, file) ?? this.root
  }

  /** The directory names resolve against: the only directory file, or the one nearest to `file` when several. */
  directoryFor(file: string): ProjectFile | undefined {
    return nearestDirectory(this.all(), file, this.folders)
  }

  /** The directory a test file names (`directory:`), inside the workspace; otherwise the default one. */
  testDirectory(file: ProjectFile): { directory?: ProjectFile; problem?: Diagnostic } {
    return testDirectoryOf(file, this)
  }

  /** Every finding for one file, as `routewright validate` would report it. */
  diagnostics(file: string): Diagnostic[] {
    return this.findings(file)?.diagnostics ?? []
  }

  /**
   * The findings of one file: the kept ones while its text and everything its validation read (its directory, the
   * strategies it named) are the same versions; otherwise computed again. The same object means nothing changed.
   */
  findings(file: string): Findings | undefined {
    const entry = this.files.get(file)
    if (!entry) {
      this.findingsOf.delete(file)
      return undefined
    }
    const kept = this.findingsOf.get(file)
    if (kept && this.stillCurrent(kept)) return kept
    const computed = this.compute(entry)
    this.findingsOf.set(file, computed)
    return computed
  }

  private directoryUsedBy(entry: ProjectFile): ProjectFile | undefined {
    if (entry.kind === 'directory' || entry.unreadable) return undefined
    if (entry.kind === 'test') return this.testDirectory(entry).directory
    return this.directoryFor(entry.path)
  }

  private stillCurrent(kept: Findings): boolean {
    if (this.files.get(kept.entry.path) !== kept.entry) return false
    // a file that could not be read reads nothing else: no directory walk per validation for each of them
    if (kept.entry.unreadable) return true
    if (this.directoryUsedBy(kept.entry) !== kept.directory) return false
    const byId = this.strategyFiles()
    for (const [id, file] of kept.strategies) if (byId.get(id) !== file) return false
    const id = kept.entry.strategy?.strategy
    const same = id === undefined ? [] : this.sameId(id)
    if (same.length !== kept.sameId.length || same.some((file, i) => file !== kept.sameId[i])) return false
    if (kept.allStrategies) {
      const now = [...byId.values()]
      if (now.length !== kept.allStrategies.length || now.some((file, i) => file !== kept.allStrategies![i]))
        return false
    }
    return true
  }

  private compute(entry: ProjectFile): Findings {
    const directory = this.directoryUsedBy(entry)
    const strategies = new RecordingMap<StrategyDocument>(this.strategies())
    const diagnostics = validateFile(entry, strategies, this)
    const byId = this.strategyFiles()
    const sameId = entry.strategy ? this.sameId(entry.strategy.strategy) : []
    const clash = duplicateIdFinding(entry, sameId, this.rootFor(entry.path))
    if (clash) diagnostics.unshift(clash)
    const findings: Findings = {
      entry,
      diagnostics,
      directory,
      strategies: new Map([...strategies.asked].map((id) => [id, byId.get(id)])),
      sameId,
    }
    if (strategies.listed) findings.allStrategies = [...byId.values()]
    return findings
  }
}
