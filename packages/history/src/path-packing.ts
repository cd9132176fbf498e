// The writer of a finished interaction's trace into a packed batch (record-packing.ts): node entries with the output
// each was left by, the trace's first entry, and the selection a record keeps. Its state lives in closure variables: no object per entry or per interaction.
import type { Explanation } from '@routewright/strategy-runtime'
import type { EventPacker } from './record-codec.ts'

/** Writes one trace's path, entry by entry, then its tail; `begin` starts the next trace. */
export interface PathWriter {
  /** Forgets the previous trace. */
  begin(): void
  /** Told of every visited entry: the first one is the trace's head. */
  seen(at: number, strategy: string): void
  /** A node entered: strategy, node, time and a slot for the output it is left by (null until an exit names it). */
  enter(at: number, strategy: string, node: string): void
  /** An exit: names the output of the step just entered, if it is this node's first named exit. */
  exit(strategy: string, node: string, name: string | undefined): void
  /** Writes the head (flag, strategy, time) and the selection (flag, summary), then drops what it held. */
  end(selection: Explanation | undefined): void
}

export function createPathWriter(p: EventPacker, summary: (e: Explanation) => void): PathWriter {
  let lastExit = -1
  let lastNode: string | undefined
  let lastStrategy: string | undefined
  let headStrategy: string | undefined
  let headAt = 0
  return {
    begin() {
      lastExit = -1
      lastNode = lastStrategy = headStrategy = undefined
    },
    seen(at, strategy) {
      if (headStrategy !== undefined) return
      headStrategy = strategy
      headAt = at
    },
    enter(at, strategy, node) {
      p.shared(strategy)
      p.shared(node)
      p.num(at)
      lastExit = p.position
      p.shared(null)
      lastNode = node
      lastStrategy = strategy
    },
    exit(strategy, node, name) {
      // the first named exit of the step just entered (finishedTrace's rule)
      if (name === undefined || lastExit < 0 || lastNode !== node || lastStrategy !== strategy) return
      p.setShared(lastExit, name)
      lastExit = -1
    },
    end(selection) {
      if (headStrategy !== undefined) {
        p.num(1)
        p.shared(headStrategy)
        p.num(headAt)
      } else p.num(0)
      if (selection) {
        p.num(1)
        summary(selection)
      } else p.num(0)
      // the names stay with the router, not here until the next finished interaction
      lastNode = lastStrategy = headStrategy = undefined
    },
  }
}
