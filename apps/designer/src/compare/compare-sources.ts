// Where the compare view gets the version to compare against: the saved file, another workspace file, a git revision.
import { assertNever, type StrategyDocument, safeParseStrategy } from '@routewright/strategy-dsl'
import { GIT_ROUTES, type GitLogResponse, type GitShowResponse } from './git-protocol.ts'

export type CompareSource = { kind: 'saved' } | { kind: 'file'; path: string } | { kind: 'git'; rev: string }

export type Loaded<T> = { ok: true; value: T } | { ok: false; message: string }

/** Parses the other version; a text that does not parse cannot be compared and says why. */
export function parseBase(text: string, label: string): Loaded<StrategyDocument> {
  const parsed = safeParseStrategy(text)
  if (parsed.success) return { ok: true, value: parsed.data }
  const first = parsed.diagnostics.find((d) => d.severity === 'error')
  const where = first?.range ? ` (line ${first.range.start.line})` : ''
  return { ok: false, message: `${label} does not parse${where}: ${first?.message ?? 'unknown error'}` }
}

async function getJson<T>(url: string): Promise<Loaded<T>> {
  try {
    const response = await fetch(url)
    const body = (await response.json()) as T & { error?: { message?: string } }
    if (!response.ok) return { ok: false, message: body.error?.message ?? `HTTP ${response.status}` }
    return { ok: true, value: body }
  } catch (error) {
    return { ok: false, message: `The designer server cannot be reached (${String(error)}).` }
  }
}

/** Recent commits touching `path` (`repository: false` outside git). */
export function fetchGitLog(path: string): Promise<Loaded<GitLogResponse>> {
  return getJson(`${GIT_ROUTES.log}?${new URLSearchParams({ path })}`)
}

/** The text of `path` at revision `rev`. */
export async function fetchGitText(rev: string, path: string): Promise<Loaded<string>> {
  const reply = await getJson<GitShowResponse>(`${GIT_ROUTES.show}?${new URLSearchParams({ rev, path })}`)
  return reply.ok ? { ok: true, value: reply.value.text } : reply
}

/** How a source is named in the panel: `saved file`, `other.strategy.yaml`, `git 1a2b3c4`. */
export function sourceLabel(source: CompareSource): string {
  switch (source.kind) {
    case 'saved':
      return 'the saved file'
    case 'file':
      return source.path
    case 'git':
      return `git ${/^[0-9a-f]{40}$/.test(source.rev) ? source.rev.slice(0, 7) : source.rev}`
    default:
      return assertNever(source, 'compare source')
  }
}
