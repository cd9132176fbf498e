// The wire shapes of the designer server's git history endpoints (compare view). pure: types and constants only.

/** A commit that touched a workspace file. */
export interface GitCommit {
  /** Full hash: what the client sends back as `rev`. */
  hash: string
  short: string
  /** ISO 8601 author date. */
  date: string
  author: string
  subject: string
}

/** GET /api/git/log?path=: the recent commits touching a file; `repository: false` when the workspace is not in git. */
export interface GitLogResponse {
  repository: boolean
  commits: GitCommit[]
}

/** GET /api/git/show?rev=&path=: the file as it was at a revision. */
export interface GitShowResponse {
  rev: string
  path: string
  text: string
}

export const GIT_ROUTES = { log: '/api/git/log', show: '/api/git/show' } as const

/** Commits listed for one file. */
export const GIT_LOG_LIMIT = 30

/**
 * Revisions the server accepts: a hash, a branch or tag name, optionally with `~N` / `^` steps. Anything git
 * could read as an option, a range or a path (`-`, `..`, `:`, `@{`, spaces) is refused before git runs.
 */
export function isSafeRevision(rev: string): boolean {
  return (
    rev.length <= 200 &&
    /^[A-Za-z0-9_][A-Za-z0-9_./-]*(?:[~^]\d{0,4})*$/.test(rev) &&
    !rev.includes('..') &&
    !rev.includes('//') &&
    !rev.endsWith('.lock') &&
    !rev.endsWith('/') &&
    !rev.endsWith('.')
  )
}
