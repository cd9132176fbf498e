// pure: a bounded fan-out of async work (file reads, stats), shared by the CLI and the designer's server.

/** Runs `fn` over `items` with at most `limit` running at once, keeping the order of results. */
export async function mapLimit<TItem, TResult>(
  items: readonly TItem[],
  limit: number,
  fn: (item: TItem, index: number) => Promise<TResult>,
): Promise<TResult[]> {
  const results = new Array<TResult>(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const index = next++
      results[index] = await fn(items[index] as TItem, index)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}
