// pure: js-yaml's open/close events as a tree of frames (offsets and values), the positions of a fast read.
import type { EventType, State } from 'js-yaml'

export interface Frame {
  open: number
  close: number
  result: unknown
  children: Frame[]
  /** For mapping frames: key frame and value frame by key. */
  entries?: Map<string, { key: Frame; value: Frame }>
  /** For mapping frames: the entries in document order with their keys' start offsets, for a binary search. */
  ordered?: Array<{ name: string; start: number; key: Frame; value: Frame }>
}

/** A js-yaml `listener` that records frames, and the top frame once the load has ended. */
export function frameRecorder(length: number): {
  listener: (event: EventType, state: State) => void
  top: Frame
  depth(): number
} {
  const stack: Frame[] = [{ open: 0, close: length, result: undefined, children: [] }]
  return {
    top: stack[0]!,
    depth: () => stack.length,
    listener(event: EventType, state: State) {
      if (event === 'open') {
        stack.push({ open: state.position, close: state.position, result: undefined, children: [] })
      } else {
        const frame = stack.pop()!
        frame.close = state.position
        frame.result = state.result
        stack.at(-1)?.children.push(frame)
      }
    },
  }
}
