// Reads a workspace file's history from git for the compare view: no shell, validated revisions, capped output.
import { isUtf8 } from 'node:buffer'
import { execFile } from 'node:child_process'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { firstInvalidUtf8 } from '@routewright/strategy-dsl'
import { MAX_BODY_BYTES } from '../src/api/protocol.ts'
import {
  GIT_LOG_LIMIT,
  GIT_ROUTES,
  type GitCommit,
  type GitLogResponse,
  type GitShowResponse,
  isSafeRevision,
} from '../src/compare/git-protocol.ts'
import { ApiError } from './api-error.ts'
import { sendJson } from './http-io.ts'
import { checkDocumentPath } from './safe-path.ts'

const GIT_TIMEOUT_MS = 10_000
/** A revision of a file is refused above this size, like a workspace file the editor would not open. */
export const MAX_REVISION_BYTES = MAX_BODY_BYTES

interface GitOutput {
  ok: boolean
  stdout: string
  stderr: string
  /** The output went over the buffer cap and was cut off. */
  overflow: boolean
}

interface GitBytes extends Omit<GitOutput, 'stdout'> {
  /** The output as git wrote it: a file's bytes are checked before they become text. */
  stdout: Buffer
}

/** Runs git with arguments (never through a shell) in `cwd`; a failure is a value, never a throw. */
async function git(cwd: string, args: readonly string[], maxBuffer = 1024 * 1024): Promise<GitOutput> {
  const r = await gitBytes(cwd, args, maxBuffer)
  return { ...r, stdout: r.stdout.toString('utf8') }
}

/** `git` with its output as bytes. */
function gitBytes(cwd: string, args: readonly string[], maxBuffer = 1024 * 1024): Promise<GitBytes> {
  return new Promise((resolve) => {
    execFile(
      'git',
      // no pager, no prompts, no fsmonitor hook: this only reads
      ['--no-pager', '-c', 'core.fsmonitor=false', '--literal-pathspecs', ...args],
      {
        cwd,
        timeout: GIT_TIMEOUT_MS,
        maxBuffer,
        encoding: 'buffer',
        env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' },
        windowsHide: true,
      },
      (error, stdout, stderr) => {
        const overflow = (error as { code?: unknown } | null)?.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER'
        resolve({ ok: error === null, stdout, stderr: stderr.toString('utf8'), overflow })
      },
    )
  })
}

/** The git history of files in one workspace folder. */
export interface GitHistory {
  log(path: unknown): Promise<GitLogResponse>
  show(rev: unknown, path: unknown): Promise<GitShowResponse>
}

export function createGitHistory(root: string): GitHistory {
  // a yes is kept; a no is asked again, so a `git init` while the designer runs is noticed
  let inRepository = false
  const isRepository = async () => {
    if (!inRepository) {
      const r = await git(root, ['rev-parse', '--is-inside-work-tree'])
      inRepository = r.ok && r.stdout.trim() === 'true'
    }
    return inRepository
  }
  return {
    async log(rawPath) {
      const path = checkDocumentPath(rawPath)
      if (!(await isRepository())) return { repository: false, commits: [] }
      const r = await git(root, [
        'log',
        `--max-count=${GIT_LOG_LIMIT}`,
        '--format=%H%x1f%h%x1f%aI%x1f%an%x1f%s',
        '--',
        path,
      ])
      if (!r.ok) throw new ApiError(500, 'internal', `git log failed: ${firstLine(r.stderr)}`)
      return { repository: true, commits: r.stdout.split('\n').filter(Boolean).map(parseCommit) }
    },
    async show(rawRev, rawPath) {
      const path = checkDocumentPath(rawPath)
      if (typeof rawRev !== 'string' || !isSafeRevision(rawRev)) {
        throw new ApiError(
          400,
          'bad-request',
          'The revision must be a commit hash, a branch or a tag, optionally with ~N (e.g. HEAD~1).',
        )
      }
      if (!(await isRepository())) {
        throw new ApiError(404, 'not-found', 'The workspace is not inside a git repository.')
      }
      // `./` makes the path relative to the workspace folder, wherever it sits in the repository
      const object = `${rawRev}:./${path}`
      const size = await git(root, ['cat-file', '-s', object])
      if (!size.ok) {
        throw new ApiError(404, 'not-found', `"${path}" does not exist at revision ${rawRev}.`)
      }
      if (Number(size.stdout.trim()) > MAX_REVISION_BYTES) {
        throw new ApiError(413, 'payload-too-large', `"${path}" at ${rawRev} is over the size limit.`)
      }
      // a blob, never a textconv or filter: nothing configured in the repository runs
      const r = await gitBytes(root, ['cat-file', 'blob', object], MAX_REVISION_BYTES + 1)
      if (r.overflow) {
        throw new ApiError(413, 'payload-too-large', `"${path}" at ${rawRev} is over the size limit.`)
      }
      if (!r.ok) throw new ApiError(500, 'internal', `git cat-file failed: ${firstLine(r.stderr)}`)
      return { rev: rawRev, path, text: revisionText(path, rawRev, r.stdout) }
    },
  }
}

/**
 * The revision's text, refused when it is not UTF-8: a lenient decode put U+FFFD in it, and Restore then saved it.
 * No conversion advice, unlike a workspace file's refusal: a commit cannot be converted, and the file may be UTF-8 now.
 */
function revisionText(path: string, rev: string, bytes: Buffer): string {
  if (isUtf8(bytes)) return bytes.toString('utf8')
  const bad = firstInvalidUtf8(bytes)
  throw new ApiError(
    422,
    'not-utf8',
    `"${path}" at revision ${rev} is not valid UTF-8 (${bad?.what ?? 'an ill-formed sequence'} at byte ` +
      `${bad?.offset ?? 0}): the designer shows and restores UTF-8 text only, so this revision cannot be shown or restored.`,
  )
}

function parseCommit(line: string): GitCommit {
  const [hash = '', short = '', date = '', author = '', ...subject] = line.split('\x1f')
  return { hash, short, date, author, subject: subject.join('\x1f') }
}

function firstLine(text: string): string {
  return text.split('\n')[0]?.slice(0, 300) ?? ''
}

const histories = new Map<string, GitHistory>()

/** Answers GET /api/git/log and /api/git/show for the workspace at `root`; false for any other path. */
export async function handleGitRoute(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  root: string,
): Promise<boolean> {
  if (url.pathname !== GIT_ROUTES.log && url.pathname !== GIT_ROUTES.show) return false
  if (req.method !== 'GET') {
    throw new ApiError(405, 'method-not-allowed', `${req.method} is not supported here; use GET.`)
  }
  let history = histories.get(root)
  if (!history) {
    history = createGitHistory(root)
    histories.set(root, history)
  }
  const path = url.searchParams.get('path')
  if (url.pathname === GIT_ROUTES.log) sendJson(res, 200, await history.log(path))
  else sendJson(res, 200, await history.show(url.searchParams.get('rev'), path))
  return true
}
