// pure: automatic layout, layered left to right in linear time (a 500-node strategy in a few milliseconds). Nodes go
// in columns by their longest distance from the start; columns wrap into bands below each other once a band is
// wide enough, so a long strategy reads like lines of text instead of one endless row.
import type { StrategyDocument } from '@routewright/strategy-dsl'
import { EDGE_REACH, fitMargins } from './fit-margins.ts'
import { createGraphMapper, NODE_WIDTH, nodeViewHeight } from './graph.ts'

/**
 * The canvas pane of the default window (1,440 x 900) at its first-visit panel sizes (`firstVisitPane`: 208 px
 * file list, 360 px inspector, 225 px bottom panel), as the canvas measures it; 792 x 652 before the panels
 * followed the window.
 */
export const DEFAULT_PANE = { width: 872, height: 595 }
/** The zoom a fitted layout should still be read at (the canvas's READABLE_ZOOM). */
const FIT_ZOOM = 0.5

/**
 * The box (layout units) a layout fits in to open whole at the readable zoom in a canvas pane of this size
 * (CSS px), less the fit's margins (fit-margins.ts) and the reach of edges beside the outermost nodes. A pane not
 * measured yet, or measured nonsensically, gets the default window's box.
 */
export function fitBoxFor(pane: { width: number; height: number }): { width: number; height: number } {
  const ok = (n: number) => Number.isFinite(n) && n > 0
  const { width, height } = ok(pane.width) && ok(pane.height) ? pane : DEFAULT_PANE
  const m = fitMargins({ width, height })
  return {
    width: Math.max(NODE_WIDTH, Math.floor((width - m.left - m.right) / FIT_ZOOM) - 2 * EDGE_REACH),
    height: Math.max(1, Math.floor((height - m.top - m.bottom) / FIT_ZOOM)),
  }
}

/** The box of the default window's canvas: a layout this size opens whole at the readable zoom there. */
export const FIT_WITHIN = fitBoxFor(DEFAULT_PANE)
/** Wider bands than this read as one endless row even when they fit. */
const MAX_COLUMNS_PER_BAND = 8

export type Positions = Record<string, [number, number]>

export interface LayoutOptions {
  /** Columns per band before the layout wraps to a new band below; chosen to fit `fitWithin` when not given. */
  columnsPerBand?: number
  /** The box (layout units) the layout aims to fit in, wrapping into bands when its flow is wider. */
  fitWithin?: { width: number; height: number }
  columnGap?: number
  rowGap?: number
  bandGap?: number
}

interface Item {
  id: string
  height: number
  /** Targets in output order (edges back into an ancestor excluded: they close loops). */
  next: string[]
  prev: string[]
}

/** Depth-first from the start (then any unvisited node), dropping edges back to a node on the stack. */
function acyclic(ids: readonly string[], targets: Map<string, string[]>, start: string | undefined) {
  const forward = new Map<string, string[]>(ids.map((id) => [id, []]))
  const state = new Map<string, 1 | 2>() // 1 on the stack, 2 done
  const roots = start !== undefined && targets.has(start) ? [start, ...ids] : [...ids]
  for (const root of roots) {
    if (state.has(root)) continue
    const stack: Array<{ id: string; i: number }> = [{ id: root, i: 0 }]
    state.set(root, 1)
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!
      const outs = targets.get(top.id) ?? []
      if (top.i >= outs.length) {
        state.set(top.id, 2)
        stack.pop()
        continue
      }
      const to = outs[top.i++]!
      const seen = state.get(to)
      if (seen === 1) continue // a loop back: not a layering constraint
      forward.get(top.id)!.push(to)
      if (seen === undefined) {
        state.set(to, 1)
        stack.push({ id: to, i: 0 })
      }
    }
  }
  return forward
}

/** Longest-path layering over the forward edges (Kahn's order), so every edge points to a later column. */
function layer(ids: readonly string[], items: Map<string, Item>): Map<string, number> {
  const indegree = new Map(ids.map((id) => [id, items.get(id)!.prev.length]))
  const column = new Map(ids.map((id) => [id, 0]))
  const queue = ids.filter((id) => indegree.get(id) === 0)
  for (let q = 0; q < queue.length; q++) {
    const id = queue[q]!
    for (const to of items.get(id)!.next) {
      column.set(to, Math.max(column.get(to)!, column.get(id)! + 1))
      const left = indegree.get(to)! - 1
      indegree.set(to, left)
      if (left === 0) queue.push(to)
    }
  }
  return column
}

export function layoutDocument(doc: StrategyDocument, options: LayoutOptions = {}): Positions {
  const columnGap = options.columnGap ?? 96
  const rowGap = options.rowGap ?? 40
  const bandGap = options.bandGap ?? 120
  const { nodes, edges } = createGraphMapper()(doc, [], undefined)
  // the start node first, then document order: the layout is the same for the same document
  const ids = nodes.map((n) => n.id).sort((a, b) => Number(b === doc.start) - Number(a === doc.start))
  const targets = new Map<string, string[]>(ids.map((id) => [id, []]))
  for (const e of edges)
    if (targets.has(e.target) && e.target !== e.source) targets.get(e.source)!.push(e.target)
  const forward = acyclic(ids, targets, doc.start)
  const items = new Map<string, Item>()
  for (const n of nodes) items.set(n.id, { id: n.id, height: nodeViewHeight(n), next: [], prev: [] })
  for (const [from, tos] of forward) {
    for (const to of new Set(tos)) {
      items.get(from)!.next.push(to)
      items.get(to)!.prev.push(from)
    }
  }
  const column = layer(ids, items)
  const columns: string[][] = []
  for (const id of ids) {
    const c = column.get(id)!
    columns[c] ??= []
    columns[c].push(id)
  }

  // order each column by where its predecessors sit (barycentre), two sweeps are enough for strategies
  const rank = new Map<string, number>()
  for (const col of columns) {
    col?.forEach((id, i) => {
      rank.set(id, i)
    })
  }
  for (let sweep = 0; sweep < 2; sweep++) {
    for (const col of columns) {
      if (!col) continue
      const key = (id: string) => {
        const prev = items.get(id)!.prev
        return prev.length === 0 ? rank.get(id)! : prev.reduce((s, p) => s + rank.get(p)!, 0) / prev.length
      }
      col.sort((a, b) => key(a) - key(b) || rank.get(a)! - rank.get(b)!)
      col.forEach((id, i) => {
        rank.set(id, i)
      })
    }
  }

  const gaps = { columnGap, rowGap, bandGap }
  if (options.columnsPerBand !== undefined)
    return place(columns, items, column, options.columnsPerBand, gaps).positions
  return compactest(columns, items, column, gaps, options.fitWithin ?? FIT_WITHIN)
}

interface Placed {
  positions: Positions
  width: number
  height: number
}

interface Gaps {
  columnGap: number
  rowGap: number
  bandGap: number
}

/**
 * The band width whose layout fits the box: the widest bands that fit (fewest wraps, so the flow reads on in one
 * line as long as it can), else the bands that fit the box's shape best, as large as the fit allows.
 */
function compactest(
  columns: string[][],
  items: Map<string, Item>,
  column: Map<string, number>,
  gaps: Gaps,
  box: { width: number; height: number },
): Positions {
  let best: { placed: Placed; scale: number } | undefined
  for (let perBand = Math.min(columns.length, MAX_COLUMNS_PER_BAND); perBand >= 1; perBand--) {
    const placed = place(columns, items, column, perBand, gaps)
    const scale = Math.min(box.width / placed.width, box.height / placed.height)
    if (scale >= 1) return placed.positions
    if (best === undefined || scale > best.scale) best = { placed, scale }
  }
  return best?.placed.positions ?? {}
}

/** y: each node as near its predecessors' middle as the nodes above it allow; bands stack downwards. */
function place(
  columns: string[][],
  items: Map<string, Item>,
  column: Map<string, number>,
  columnsPerBand: number,
  { columnGap, rowGap, bandGap }: Gaps,
): Placed {
  const positions: Positions = {}
  const centre = new Map<string, number>()
  let bandTop = 0
  let bottom = 0
  let right = 0
  for (let first = 0; first < columns.length; first += columnsPerBand) {
    let bandBottom = bandTop
    for (let c = first; c < Math.min(columns.length, first + columnsPerBand); c++) {
      let floor = bandTop
      for (const id of columns[c] ?? []) {
        const item = items.get(id)!
        const inBand = item.prev.filter((p) => column.get(p)! >= first && centre.has(p))
        const wanted =
          inBand.length === 0
            ? floor
            : inBand.reduce((s, p) => s + centre.get(p)!, 0) / inBand.length - item.height / 2
        const y = Math.max(floor, wanted)
        const x = (c - first) * (NODE_WIDTH + columnGap)
        positions[id] = [x, Math.round(y)]
        centre.set(id, y + item.height / 2)
        floor = y + item.height + rowGap
        right = Math.max(right, x + NODE_WIDTH)
        bottom = Math.max(bottom, y + item.height)
      }
      bandBottom = Math.max(bandBottom, floor)
    }
    bandTop = bandBottom + bandGap
  }
  return { positions, width: right, height: bottom }
}

/** Whether some node has no stored position, so the canvas should lay the document out. */
export function needsLayout(doc: StrategyDocument): boolean {
  return Object.keys(doc.nodes).some((id) => doc.layout?.[id] === undefined)
}

/** The places `laid` gives the nodes of `doc` that have no stored place (those it has one for). */
export function unplacedPlaces(doc: StrategyDocument | undefined, laid: Positions): Positions {
  const places: Positions = {}
  for (const id of Object.keys(doc?.nodes ?? {})) {
    const place = laid[id]
    if (doc?.layout?.[id] === undefined && place !== undefined) places[id] = place
  }
  return places
}
