// pure: a stable share of [0, 1) from a string, so a choice spread over keys is the same in every process.

/**
 * FNV-1a (32 bits) of the string's UTF-16 code units, mixed by murmur3's finalizer, as a share of [0, 1). FNV-1a
 * alone clusters names that differ in their last characters (`a0`..`a3299`: 19 in one 900th of [0, 1), 10 mixed).
 */
export function stringShare(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193)
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return (h >>> 0) / 0x1_0000_0000
}
