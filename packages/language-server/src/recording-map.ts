// A read-only map that records what a reader asked of it: the keys it looked up, and whether it listed them all
// (a did-you-mean). A file's findings are kept until one of the things its validation read changes.
export class RecordingMap<TValue> extends Map<string, TValue> {
  /** The keys looked up with get/has, present or not. */
  readonly asked = new Set<string>()
  /** Whether the reader went over every entry (then any change of the map matters). */
  listed = false

  override get(key: string): TValue | undefined {
    this.asked.add(key)
    return super.get(key)
  }

  override has(key: string): boolean {
    this.asked.add(key)
    return super.has(key)
  }

  override get size(): number {
    this.listed = true
    return super.size
  }

  override keys(): MapIterator<string> {
    this.listed = true
    return super.keys()
  }

  override values(): MapIterator<TValue> {
    this.listed = true
    return super.values()
  }

  override entries(): MapIterator<[string, TValue]> {
    this.listed = true
    return super.entries()
  }

  override forEach(
    callback: (value: TValue, key: string, map: Map<string, TValue>) => void,
    thisArg?: unknown,
  ): void {
    this.listed = true
    super.forEach(callback, thisArg)
  }

  override [Symbol.iterator](): MapIterator<[string, TValue]> {
    this.listed = true
    return super[Symbol.iterator]()
  }
}
