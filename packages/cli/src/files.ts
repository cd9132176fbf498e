// Command-line inputs to files: folders walked (the shared walker), globs expanded, and the kind of each file.
import { opendir, readdir, readlink, stat } from 'node:fs/promises'
import path from 'node:path'
import { printableName, quotedName } from '@routewright/node-support/printable'
import { walkFiles } from '@routewright/node-support/walk'
import { documentKindOf } from '@routewright/strategy-dsl'
import { closest, editDistance } from '@routewright/strategy-dsl/did-you-mean'
import { glob, isDynamicPattern } from 'tinyglobby'
import { UsageError } from './args.ts'

/** The kinds of file the CLI reads, by name suffix. */
export type FileKind = 'strategy' | 'directory' | 'test'

/** The kind of a file by its name (the DSL's one rule), or undefined for files the CLI does not read. */
export function fileKindOf(file: string): FileKind | undefined {
  return documentKindOf(path.basename(file))
}

export interface Collected {
  files: string[]
  /** Symbolic links a folder walk met and did not follow, absolute. */
  skippedLinks: string[]
  /** Entries a folder walk met named like a document that are not regular files (a FIFO, a folder), absolute. */
  notFiles: string[]
  /** With `passWithNoFiles`: one stderr note per input that held none of the files (a usage error without it). */
  noFiles?: string[]
}

/** Whether a file is one to collect: its kind is in `kinds`, or its name is one of `names` (`alarms.yaml`). */
function wanted(file: string, kinds: ReadonlySet<FileKind>, names: ReadonlySet<string>): boolean {
  const kind = fileKindOf(file)
  return kind !== undefined ? kinds.has(kind) : names.has(path.basename(file))
}

/** Files under `dir` (recursively) whose kind is in `kinds` or name in `names`, sorted, and the links skipped. */
export async function walk(
  dir: string,
  kinds: ReadonlySet<FileKind>,
  names: ReadonlySet<string> = new Set(),
): Promise<Collected> {
  const { files, skippedLinks, notFiles } = await walkFiles(dir, {
    accept: (name) => wanted(name, kinds, names),
  })
  return { files, skippedLinks, notFiles }
}

/** What a command reads: the command, the kinds of file it collects and the exact names it also takes. */
export interface Reads {
  command: string
  kinds: ReadonlySet<FileKind>
  names?: ReadonlySet<string>
  /** `--pass-with-no-files`: a folder or glob that holds none is noted, not a usage error. */
  passWithNoFiles?: boolean
}

/** `*.strategy.yaml, *.test.yaml and alarms.yaml`: the files of `reads`, as messages name them. */
function readsText({ kinds, names = new Set() }: Reads): string {
  const all = [...[...kinds].map((kind) => `*.${kind}.yaml`), ...names]
  return all.length > 1 ? `${all.slice(0, -1).join(', ')} and ${all.at(-1)}` : (all[0] ?? '')
}

/**
 * A folder named where a file was meant: a usage error saying what it is and what the command reads, one wording for
 * every command (validate walked `x.strategy.yaml/` to "No files checked", exit 0; diff said "Refused to read").
 */
export function folderNotFile(input: string, reads: Reads, walked: boolean): UsageError {
  return walked
    ? new UsageError(
        `${input} is a folder, not a file, and holds none of the files ${reads.command} reads`,
        `${reads.command} reads ${readsText(reads)} files: name one, or a folder that holds them`,
      )
    : new UsageError(
        `${input} is a folder, not a file`,
        `${reads.command} reads ${readsText(reads)} files: name one`,
      )
}

/**
 * A folder given to a command (or the current folder, by default) that holds none of the files it reads: a usage
 * error saying where it looked and what it reads, one wording for validate, test, fmt and where-used (they said
 * "No files checked", "0 passed", "0 of 0" at exit 0 and "Nothing is named" at exit 1: a mistyped folder or a
 * checkout of the wrong branch passed CI).
 */
export function emptyFolder(input: string, full: string, reads: Reads): UsageError {
  const shown = input === '.' || input === '' ? 'The current folder' : input
  return new UsageError(
    `${shown} holds none of the files ${reads.command} reads (looked in ${full} and the folders under it)`,
    `${reads.command} reads ${readsText(reads)} files: name a folder that holds them, or the files themselves`,
  )
}

/**
 * A path named on the command line as a file (not walked), or as the value of `flag` (`--directory`): a usage error
 * when it is not there or is a folder, in the words the folder walkers use. Every command checks its file arguments
 * here, so a missing file reads the same whichever command was given it.
 */
export async function requireFile(input: string, cwd: string, reads: Reads, flag?: string): Promise<void> {
  const full = path.resolve(cwd, input)
  let statError: NodeJS.ErrnoException | undefined
  const info = await stat(full).catch((error: NodeJS.ErrnoException) => {
    statError = error
    return undefined
  })
  if (info === undefined) throw await notThere(input, full, statError, flag)
  if (info.isDirectory()) throw folderNotFile(flag === undefined ? input : `${input} (${flag})`, reads, false)
}

/**
 * Expands command-line inputs (files, folders, globs) into files of the kinds `reads` names, or of its exact
 * `names`. A file named directly is kept whatever its name (the caller reports files of unknown kind); a path that
 * matches nothing, and a folder named like a document that holds none, are usage errors.
 */
export async function collectFiles(inputs: readonly string[], cwd: string, reads: Reads): Promise<Collected> {
  const { kinds, names = new Set<string>() } = reads
  const seen = new Set<string>()
  const out: string[] = []
  const skippedLinks: string[] = []
  const notFiles: string[] = []
  const noFiles: string[] = []
  // none of the files there: a usage error, or with --pass-with-no-files a note and the next input
  const none = (error: UsageError) => {
    if (!reads.passWithNoFiles) throw error
    noFiles.push(noFilesNote(error))
  }
  const add = (file: string) => {
    const full = path.resolve(cwd, file)
    if (!seen.has(full)) {
      seen.add(full)
      out.push(full)
    }
  }
  for (const input of inputs.length > 0 ? inputs : ['.']) {
    const full = path.resolve(cwd, input)
    let statError: NodeJS.ErrnoException | undefined
    const info = await stat(full).catch((error: NodeJS.ErrnoException) => {
      statError = error
      return undefined
    })
    if (info?.isDirectory()) {
      const walked = await walk(full, kinds, names)
      // `x.strategy.yaml/`, a folder: meant as the file; walking it found nothing and said "No files checked", exit 0
      if (walked.files.length === 0 && (fileKindOf(full) !== undefined || names.has(path.basename(full))))
        throw folderNotFile(input, reads, true)
      // links and FIFOs it skipped get their own notes: the folder was not empty, only unreadable to a walk
      if (walked.files.length === 0 && walked.skippedLinks.length === 0 && walked.notFiles.length === 0) {
        none(emptyFolder(input, full, reads))
        continue
      }
      for (const file of walked.files) add(file)
      skippedLinks.push(...walked.skippedLinks)
      notFiles.push(...walked.notFiles)
    } else if (info) {
      add(full) // devices and FIFOs too: the reader refuses them with a diagnostic, never hangs on them
    } else if (isDynamicPattern(input)) {
      const matches = await glob(input, {
        cwd,
        absolute: true,
        onlyFiles: true,
        followSymbolicLinks: false,
        ignore: ['**/node_modules/**'],
      })
      const files = matches.filter((file) => wanted(file, kinds, names))
      if (files.length === 0) {
        none(new UsageError(`No matching files for ${quotedName(input)}`, 'Check the pattern'))
        continue
      }
      for (const file of files.sort()) add(path.normalize(file))
    } else {
      throw await notThere(input, full, statError)
    }
  }
  return {
    files: out,
    skippedLinks: [...new Set(skippedLinks)].sort(),
    notFiles: [...new Set(notFiles)].sort(),
    ...(reads.passWithNoFiles ? { noFiles } : {}),
  }
}

/** The one line `--pass-with-no-files` prints in place of the usage error `error` (exit 2 without the flag). */
export function noFilesNote(error: UsageError): string {
  return `note: ${error.message}; passing: --pass-with-no-files\n`
}

/**
 * Prints `collected`'s notes of inputs that held none of the files; true when no input held anything at all, so the
 * command stops there and exits 0 (`--pass-with-no-files`; without it collectFiles threw a usage error).
 */
export function passedWithNoFiles(collected: Collected, err: (text: string) => void): boolean {
  for (const note of collected.noFiles ?? []) err(note)
  return (
    (collected.noFiles?.length ?? 0) > 0 &&
    collected.files.length === 0 &&
    collected.skippedLinks.length === 0 &&
    collected.notFiles.length === 0
  )
}

/**
 * Why a named path cannot be used: a link loop, a dangling link and a denied folder each say so; a path not there
 * says where it was looked for, since the current folder of a CI job or hook is not always the one its author meant.
 */
async function notThere(
  input: string,
  full: string,
  error: NodeJS.ErrnoException | undefined,
  flag?: string,
): Promise<UsageError> {
  const named = flag === undefined ? input : `${input} (${flag})`
  if (error?.code === 'ELOOP')
    return new UsageError(
      `${named} is a symbolic link loop (its links lead back to themselves)`,
      'Fix or remove the link',
    )
  if (error?.code === 'EACCES')
    return new UsageError(`Permission denied: ${named}`, 'Check the permissions of the file and its folders')
  const target = await readlink(full).catch(() => undefined)
  if (target !== undefined)
    return new UsageError(
      `${named} is a symbolic link to ${target}, which does not exist`,
      'Fix the link, or name the file it should point to',
    )
  const sibling = await misspeltSibling(full)
  return new UsageError(
    `No such file or folder: ${input} (${flag === undefined ? '' : `${flag}, `}looked for ${full})`,
    sibling === undefined
      ? 'Check the path (relative to the current folder)'
      : `Did you mean ${printableName(path.join(path.dirname(input), sibling))}? Check the path (relative to the current folder)`,
  )
}

/** Entries of a folder compared with a mistyped name: a folder of thousands is not read whole for a hint. */
const MAX_SIBLINGS = 1000

/**
 * An entry beside a path that is not there, a typo away from its name (`examples` for `exmaples`: at most two
 * edits, so `env.directory.yaml` is not offered for `prod.directory.yaml`), by the DSL's did-you-mean helper.
 */
async function misspeltSibling(full: string): Promise<string | undefined> {
  const names: string[] = []
  try {
    const folder = await opendir(path.dirname(full))
    for await (const entry of folder) {
      names.push(entry.name)
      if (names.length >= MAX_SIBLINGS) break
    }
  } catch {
    return undefined
  }
  const name = path.basename(full)
  const near = closest(name, names)
  return near !== undefined && editDistance(name.toLowerCase(), near.toLowerCase(), 2) <= 2 ? near : undefined
}

/** One stderr note per symbolic link a folder walk skipped, so nothing is left out silently. */
export function skippedLinkNotes(links: readonly string[], cwd: string): string[] {
  return links.map((link) => {
    const relative = path.relative(cwd, link)
    const shown = (relative.startsWith('..') || path.isAbsolute(relative) ? link : relative)
      .split(path.sep)
      .join('/')
    return `note: skipped symbolic link ${printableName(shown)} (folder walks do not follow links; name the file to check it)\n`
  })
}

/** The directory files of the closest folder from `folder` up to `root` that has any (none outside `root`). */
export async function nearestDirectories(folder: string, root: string): Promise<string[]> {
  return (await nearestDirectoryFiles(folder, root)).files
}

/**
 * The one lookup of the directory file for a strategy in `folder` (run, simulate and validate): the directory files
 * beside it, else in the closest folder above that has any, up to `root`; never in the folders below (run walked
 * them and routed with `sub/x.directory.yaml` that validate never found). `notFiles`: entries of the folders looked
 * in that are named like a directory file but are not regular files (a folder, a FIFO), for RW091 notes.
 */
export async function nearestDirectoryFiles(
  folder: string,
  root: string,
): Promise<{ files: string[]; notFiles: string[] }> {
  const notFiles: string[] = []
  for (let at = folder; ; at = path.dirname(at)) {
    const entries = (await readdir(at, { withFileTypes: true }).catch(() => [])).filter(
      (entry) => fileKindOf(entry.name) === 'directory',
    )
    const files = entries.filter((entry) => entry.isFile()).map((entry) => path.join(at, entry.name))
    notFiles.push(
      ...entries
        .filter((entry) => !entry.isFile() && !entry.isSymbolicLink())
        .map((entry) => path.join(at, entry.name)),
    )
    if (files.length > 0) return { files: files.sort(), notFiles: notFiles.sort() }
    const relative = path.relative(root, at)
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative) || at === path.dirname(at))
      return { files: [], notFiles: notFiles.sort() }
  }
}
