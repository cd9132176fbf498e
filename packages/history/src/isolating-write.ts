// Writes a batch so that one record the store refuses does not hold back the others: the serve writer's batches and
// a replay of the dead-letter file go through the same split.
import type { HistoryItem } from './record.ts'
import type { HistoryStore } from './store.ts'

/** The part of a store a write needs; without `refused` every failure counts as an outage. */
export type IsolatingStore = Pick<HistoryStore, 'write'> & Partial<Pick<HistoryStore, 'refused'>>

export interface IsolatingProgress {
  /** Items of the batch written or set aside so far, in order: after an outage, the rest is still to write. */
  done: number
  /** Items the store took (or already had: a write keeps a record once by its key). */
  written: number
}

/**
 * Writes `batch`, counting in `progress`. A refusal splits the batch in halves until each refused item is alone
 * (about 2 log2(n) writes per refused item), and `onRefused` gets it; an outage throws, and the items after
 * `progress.done` are still to write.
 */
export async function writeIsolating(
  store: IsolatingStore,
  batch: readonly HistoryItem[],
  progress: IsolatingProgress,
  onRefused: (item: HistoryItem, error: unknown) => void,
): Promise<void> {
  try {
    await store.write(batch)
  } catch (error) {
    if (!store.refused || !(await store.refused(error))) throw error
    if (batch.length === 1) {
      onRefused(batch[0] as HistoryItem, error)
      progress.done++
      return
    }
    const half = Math.ceil(batch.length / 2)
    await writeIsolating(store, batch.slice(0, half), progress, onRefused)
    await writeIsolating(store, batch.slice(half), progress, onRefused)
    return
  }
  progress.written += batch.length
  progress.done += batch.length
}

/** The id a refused item is logged with: the interaction's for an interaction or handling, the agent's for a state. */
export function itemId(item: HistoryItem): string {
  const record = item.record as unknown as Record<string, unknown> | undefined
  const id =
    item.kind === 'interaction' ? record?.id : item.kind === 'handling' ? record?.interaction : record?.agent
  return typeof id === 'string' ? id : String(id)
}
