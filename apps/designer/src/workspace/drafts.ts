// Unsaved text kept in localStorage so a browser reload loses nothing. A draft remembers the version of the
// file it started from: restoring it over a file that changed on disk since would be a silent clobber.
// Drafts are kept per tab (two tabs on one file each get their own back after a reload); a tab without one of
// its own takes over the newest another tab left (the tab that was closed with unsaved work). They are kept per
// workspace too: designers started on one address for different folders share localStorage.
export interface Draft {
  path: string
  baseVersion: string
  text: string
  savedAt: number
}

export interface DraftStore {
  /** This tab's draft of `path`, else the newest another tab left, which then becomes this tab's. */
  load(path: string): Draft | undefined
  /** The draft `load` would give, without taking another tab's over: for reading (find), not for editing. */
  peek(path: string): Draft | undefined
  save(draft: Draft): void
  /** Forgets this tab's draft of `path`; other tabs' drafts stay theirs. */
  clear(path: string): void
}

export type DraftStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>

/** Drafts written before they were kept per tab: `routewright.draft:<path>`, read as another tab's. */
const LEGACY_PREFIX = 'routewright.draft:'
/** `routewright.draft@<tab>:<workspace, URI-encoded>:<path>`: neither the tab id nor the encoded folder has a colon. */
const TAB_PREFIX = 'routewright.draft@'

interface DraftKey {
  tab: string
  /** undefined for the old form, which does not say */
  workspace: string | undefined
  path: string
}

/** Who wrote the draft a storage key holds; undefined when the key is not a draft's. */
function parseKey(key: string): DraftKey | undefined {
  if (key.startsWith(LEGACY_PREFIX)) {
    return { tab: '', workspace: undefined, path: key.slice(LEGACY_PREFIX.length) }
  }
  if (!key.startsWith(TAB_PREFIX)) return undefined
  const first = key.indexOf(':', TAB_PREFIX.length)
  const second = first < 0 ? -1 : key.indexOf(':', first + 1)
  if (second < 0) return undefined
  try {
    const workspace = decodeURIComponent(key.slice(first + 1, second))
    return { tab: key.slice(TAB_PREFIX.length, first), workspace, path: key.slice(second + 1) }
  } catch {
    return undefined
  }
}

/**
 * Drafts in a Web Storage (localStorage in the browser) for the tab `tab` (an id kept in the tab's
 * sessionStorage, so it survives the tab's reloads) and the workspace folder `workspace()` names ('' until
 * known); corrupt entries read as absent.
 */
export function createDraftStore(
  storage: DraftStorage,
  tab: string,
  workspace: () => string | undefined = () => undefined,
): DraftStore {
  if (tab === '' || tab.includes(':'))
    throw new Error(`A draft store needs a tab id without ":", not "${tab}"`)
  const scope = () => workspace() ?? ''
  const own = (path: string) => `${TAB_PREFIX}${tab}:${encodeURIComponent(scope())}:${path}`

  function read(key: string, path: string): Draft | undefined {
    const raw = storage.getItem(key)
    if (raw === null) return undefined
    try {
      const value = JSON.parse(raw) as Partial<Draft>
      if (typeof value.text !== 'string' || typeof value.baseVersion !== 'string') return undefined
      return { path, baseVersion: value.baseVersion, text: value.text, savedAt: Number(value.savedAt) || 0 }
    } catch {
      return undefined
    }
  }

  function save(draft: Draft) {
    try {
      storage.setItem(own(draft.path), JSON.stringify(draft))
    } catch {
      // a full storage must not break editing: the draft is a convenience, the file is the truth
    }
  }

  /** The newest draft of `path` other tabs left in this workspace, with its key. */
  function newestOther(path: string): { key: string; draft: Draft } | undefined {
    const mine = own(path)
    let newest: { key: string; draft: Draft } | undefined
    for (let i = 0; i < storage.length; i++) {
      const key = storage.key(i)
      const parsed = key === null ? undefined : parseKey(key)
      if (key === null || key === mine || parsed?.path !== path) continue
      // another workspace's file of the same name is another file
      if (parsed.workspace !== undefined && parsed.workspace !== scope()) continue
      const draft = read(key, path)
      if (draft && (!newest || draft.savedAt > newest.draft.savedAt)) newest = { key, draft }
    }
    return newest
  }

  return {
    load(path) {
      const mine = read(own(path), path)
      if (mine) return mine
      const other = newestOther(path)
      if (!other) return undefined
      // taken over, not copied: a closed tab's draft is restored once, not in every tab opened later
      save(other.draft)
      storage.removeItem(other.key)
      return other.draft
    },
    peek: (path) => read(own(path), path) ?? newestOther(path)?.draft,
    save,
    clear(path) {
      storage.removeItem(own(path))
    },
  }
}
