// The explanation texts of one commit's batch, keyed by the explanation object (identity), emptied when the batch
// is taken. Its arrays are kept from batch to batch: a Map's clear() gives it a new smallest table that the next
// batch grows again (tables of 1-2 KB, alive while their batch waits, so a scavenge copies them).

/** Texts looked up by a scan of the arrays; past this many (a backlog while Redis is away) a Map holds the rest. */
const SCANNED = 64

export class ExplanationTexts {
  private readonly keys: Array<object | undefined> = []
  private readonly texts: Array<string | undefined> = []
  private count = 0
  private more: Map<object, string> | undefined

  get(explanation: object): string | undefined {
    // the newest first: a submit asks for the text its routed event has just made
    for (let i = this.count - 1; i >= 0; i--) if (this.keys[i] === explanation) return this.texts[i]
    return this.more?.get(explanation)
  }

  /** `explanation` has no text here yet (get answered undefined). */
  set(explanation: object, text: string): void {
    if (this.count === SCANNED) {
      this.more ??= new Map()
      this.more.set(explanation, text)
      return
    }
    this.keys[this.count] = explanation
    this.texts[this.count] = text
    this.count++
  }

  /** Forgets every text (its batch has them now); the arrays keep their size. */
  clear(): void {
    for (let i = 0; i < this.count; i++) {
      this.keys[i] = undefined
      this.texts[i] = undefined
    }
    this.count = 0
    this.more = undefined
  }
}
