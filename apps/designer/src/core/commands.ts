// Editor commands shared by the canvas, toolbar and keyboard: each reads the store, builds the next document
// with the pure edits and applies it. Refusals become notices (the toast), never exceptions.
import {
  documentKindOf,
  documentSuffixOf,
  idSchema,
  kindOf,
  type NodeType,
  nodeKinds,
  type Path,
  type StrategyDocument,
} from '@routewright/strategy-dsl'
import { type ClipboardPayload, copyNodes, pasteNodes } from './clipboard.ts'
import {
  addNode,
  connect,
  deleteNodes,
  moveNodes,
  outputPathKey,
  renameNode,
  setStart,
  uniqueId,
} from './document-edit.ts'
import type { EditorStore } from './editor-store.ts'
import { insertBetween } from './insert-between.ts'
import { defaultNode } from './node-defaults.ts'

/** The document to edit: the current one, or a fresh skeleton when the file is empty. */
export function editableDocument(store: EditorStore): StrategyDocument | undefined {
  const { document, inSync, text, file } = store.getState()
  if (document && inSync) return document
  const kind = file === undefined ? undefined : documentKindOf(file)
  if (kind === 'directory' || kind === 'test') {
    store.notify(`This is a ${kind} file: edit it in the YAML view. The canvas draws strategies.`)
    return undefined
  }
  if (text.trim() !== '') {
    store.notify('The text has errors; fix them in the code view before editing on the canvas.')
    return undefined
  }
  const name = (file ?? 'strategy').split('/').pop()!
  const base = name.slice(0, name.length - documentSuffixOf(name).length)
  return { strategy: uniqueId(base, () => false), format: 1, start: '', nodes: {} }
}

export function addNodeAt(
  store: EditorStore,
  type: NodeType,
  position: readonly [number, number],
  /** The connection it was dropped on: the new node goes between its ends (`insertBetween`). */
  into?: { source: string; key: string },
): string {
  const doc = editableDocument(store)
  if (!doc) return ''
  const id = uniqueId(type.replace('-', '_'), (c) => Object.hasOwn(doc.nodes, c))
  // the nodes laid out automatically keep the places they are shown at: the next opening's layout, around the
  // new node's stored place, would move them from where the user put the new one beside them
  let next = addNode(
    moveNodes(doc, store.shownPlaces()),
    id,
    defaultNode(type, store.getState().context.directory),
    position,
  )
  if (next.start === '' || !next.nodes[next.start]) next = setStart(next, id)
  if (into) next = insertBetween(next, into.source, into.key, id) ?? next
  store.applyDocument(next, { selection: [id] })
  return id
}

/** The path of the output whose handle key is `key`. */
export function outputPath(doc: StrategyDocument, source: string, key: string): Path | undefined {
  const node = doc.nodes[source]
  if (!node) return undefined
  return kindOf(node)
    .outputs(node)
    .find((o) => outputPathKey(o.path) === key)?.path
}

/** Connects an output to a node; an output takes one edge, so a new connection replaces the old one. */
export function connectOutput(store: EditorStore, source: string, key: string, target: string): boolean {
  const doc = editableDocument(store)
  if (!doc) return false
  if (source === target) {
    store.notify('A node cannot connect to itself. To repeat it, go through a Wait or Assign node first.')
    return false
  }
  if (!doc.nodes[target]) {
    store.notify(`There is no node "${target}" to connect to.`)
    return false
  }
  const path = outputPath(doc, source, key)
  if (!path) {
    store.notify(`Node "${source}" has no output "${key}".`)
    return false
  }
  store.applyDocument(connect(doc, source, path, target))
  return true
}

export function disconnectOutputs(store: EditorStore, edges: readonly { source: string; key: string }[]) {
  const doc = editableDocument(store)
  if (!doc || edges.length === 0) return
  let next = doc
  for (const { source, key } of edges) {
    const path = outputPath(next, source, key)
    if (path) next = connect(next, source, path, undefined)
  }
  store.applyDocument(next)
}

export function deleteSelection(store: EditorStore, edges: readonly { source: string; key: string }[] = []) {
  const doc = editableDocument(store)
  const ids = store.getState().selection
  if (!doc || (ids.length === 0 && edges.length === 0)) return
  let next = doc
  for (const { source, key } of edges) {
    const path = outputPath(next, source, key)
    if (path) next = connect(next, source, path, undefined)
  }
  next = deleteNodes(next, ids)
  store.applyDocument(next, { selection: [] })
}

export function selectAll(store: EditorStore) {
  const doc = store.getState().document
  if (doc) store.select(Object.keys(doc.nodes))
}

/** Why node `from` cannot be renamed to `to`, or undefined when it can (or `to` is its id already). */
export function nodeIdProblem(doc: StrategyDocument, from: string, to: string): string | undefined {
  if (to === from) return undefined
  if (!idSchema.safeParse(to).success) {
    return 'An id uses letters, digits, "_" or "-", starting with a letter (at most 64).'
  }
  if (doc.nodes[to]) return `There is already a node "${to}".`
  return undefined
}

export function renameSelected(store: EditorStore, from: string, to: string): boolean {
  const doc = editableDocument(store)
  if (!doc) return false
  const problem = nodeIdProblem(doc, from, to)
  if (problem !== undefined) {
    store.notify(problem)
    return false
  }
  if (to !== from) store.applyDocument(renameNode(doc, from, to), { selection: [to] })
  return true
}

export function makeStart(store: EditorStore, id: string) {
  const doc = editableDocument(store)
  if (doc) store.applyDocument(setStart(doc, id))
}

export function commitPositions(
  store: EditorStore,
  positions: Record<string, readonly [number, number]>,
  options: { coalesce?: string } = {},
) {
  const doc = editableDocument(store)
  if (doc) store.applyDocument(moveNodes(doc, positions), options)
}

export function copySelection(store: EditorStore): ClipboardPayload | undefined {
  const { document, selection } = store.getState()
  return document ? copyNodes(document, selection) : undefined
}

export function paste(store: EditorStore, payload: ClipboardPayload, offset: readonly [number, number]) {
  const doc = editableDocument(store)
  if (!doc) return
  const { document, ids } = pasteNodes(moveNodes(doc, store.shownPlaces()), payload, offset)
  const next = document.start === '' && ids[0] ? setStart(document, ids[0]) : document
  store.applyDocument(next, { selection: ids })
  store.notify(`Pasted ${ids.length} node${ids.length === 1 ? '' : 's'}.`)
}

export function duplicateSelection(store: EditorStore) {
  const payload = copySelection(store)
  if (payload) paste(store, payload, [40, 40])
}

export const PALETTE = (Object.keys(nodeKinds) as NodeType[]).map((type) => ({
  type,
  title: nodeKinds[type].title,
  description: nodeKinds[type].description,
}))
