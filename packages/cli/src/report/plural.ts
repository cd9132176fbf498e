/** `1 file`, `2 files`: a count and its word, for the summaries people read. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}
