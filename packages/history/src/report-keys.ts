// An interaction that waited for several targets at once counts in each of them (docs/figures.md "Several targets
// at once"): its record's `queue` and `group` hold every key, joined, and each report source (the slots, the raw
// records' SQL, the server's live window) splits them, so each key gets the whole interaction's figures.

/** Joins a record's keys: the ASCII unit separator, which no YAML-written subject name carries by accident. */
export const REPORT_KEY_SEPARATOR = '\u001f'

/** The stored form of `keys` (distinct, in their first order); undefined when there are none. */
export function joinReportKeys(keys: readonly string[]): string | undefined {
  const distinct = [...new Set(keys)]
  return distinct.length === 0 ? undefined : distinct.join(REPORT_KEY_SEPARATOR)
}

/** The keys a stored `queue` or `group` value counts in: one for a record with one target, none for none. */
export function reportKeys(value: string | null | undefined): readonly string[] {
  if (value === undefined || value === null) return []
  return value.includes(REPORT_KEY_SEPARATOR) ? value.split(REPORT_KEY_SEPARATOR) : [value]
}

/**
 * The stored form of the keys of `earlier` queues (or groups) not among `ended` (a stored key): those an interaction
 * left for a later queue (docs/figures.md "Entered and overflow out"); undefined when there are none.
 */
export function leftFor(earlier: readonly string[], ended: string | undefined): string | undefined {
  const endedIn = reportKeys(ended)
  return joinReportKeys(earlier.filter((key) => !endedIn.includes(key)))
}
