// Unsaved text kept in localStorage so a browser reload loses nothing. A draft remembers the version of the
// file it started from: restoring it over a file that changed on disk since would be a silent clobber.
export interface Draft {
  path: string
  baseVersion: string
  text: string
  savedAt: number
}

export interface DraftStore {
  load(path: string): Draft | undefined
  save(draft: Draft): void
  clear(path: string): void
}

const PREFIX = 'routewright.draft:'

/** Drafts in a Web Storage (localStorage in the browser); corrupt entries read as absent. */
export function createDraftStore(storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>): DraftStore {
  return {
    load(path) {
      const raw = storage.getItem(PREFIX + path)
      if (raw === null) return undefined
      try {
        const value = JSON.parse(raw) as Partial<Draft>
        if (typeof value.text !== 'string' || typeof value.baseVersion !== 'string') return undefined
        return { path, baseVersion: value.baseVersion, text: value.text, savedAt: Number(value.savedAt) || 0 }
      } catch {
        return undefined
      }
    },
    save(draft) {
      try {
        storage.setItem(PREFIX + draft.path, JSON.stringify(draft))
      } catch {
        // a full storage must not break editing: the draft is a convenience, the file is the truth
      }
    },
    clear(path) {
      storage.removeItem(PREFIX + path)
    },
  }
}
