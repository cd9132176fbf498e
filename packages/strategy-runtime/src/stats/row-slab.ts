// pure: one off-heap store of numbers for every series' rows: blocks by power-of-two size class, freed blocks reused.

/** The smallest block (numbers): one row of stride 3, and classes double from it. */
const MIN_BLOCK = 4
/** Numbers in a new slab: 512 KB, grown by half again when full (a copy of the numbers, no per-series work). */
const FIRST_SLAB = 1 << 16

/** The size class holding `numbers` (0 for up to MIN_BLOCK, each class twice the one before). */
export function classFor(numbers: number): number {
  let cls = 0
  while (MIN_BLOCK << cls < numbers) cls++
  return cls
}

/** Numbers in a block of class `cls`. */
export function blockSize(cls: number): number {
  return MIN_BLOCK << cls
}

/**
 * Blocks of a Float64Array handed out by offset: a scavenge never copies the numbers (they are not on the JS heap) and
 * no series owns a typed array of its own (one each costs more to make than the copies it saves). A block is found
 * by class in a free list, else cut from the unused end, else the slab grows; `data` may be replaced on growth, so
 * callers read it anew after any `alloc`.
 */
export class RowSlab {
  data: Float64Array
  /** Numbers cut from the front so far; blocks past this are unused. */
  private top = 0
  /** Offsets of free blocks, by class. */
  private readonly free: number[][] = []
  /** Numbers in blocks handed out and not freed (for the memory figures and tests). */
  private used = 0

  constructor(numbers = FIRST_SLAB) {
    this.data = new Float64Array(numbers)
  }

  /** The offset of a block of class `cls`, for the caller alone until freed. */
  alloc(cls: number): number {
    const size = MIN_BLOCK << cls
    this.used += size
    const list = this.free[cls]
    if (list !== undefined && list.length > 0) return list.pop()!
    if (this.top + size > this.data.length) this.grow(this.top + size)
    const at = this.top
    this.top += size
    return at
  }

  /** Gives back the block of class `cls` at `at` (its numbers are left as they are). */
  release(at: number, cls: number): void {
    this.used -= MIN_BLOCK << cls
    let list = this.free[cls]
    if (list === undefined) {
      while (this.free.length < cls) this.free.push([])
      list = []
      this.free[cls] = list
    }
    list.push(at)
  }

  /** Numbers in blocks in use, and the slab's length (numbers), for memory figures. */
  get numbers(): { used: number; reserved: number } {
    return { used: this.used, reserved: this.data.length }
  }

  private grow(atLeast: number): void {
    let length = this.data.length
    while (length < atLeast) length = Math.ceil(length * 1.5)
    const next = new Float64Array(length)
    next.set(this.data.subarray(0, this.top))
    this.data = next
  }
}
