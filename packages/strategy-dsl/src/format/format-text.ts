// Canonical text of the three document kinds, and rewriting a strategy's text after an edit without losing
// the comments of what did not change.
import { Document, isMap, isPair, isScalar, isSeq, type Node, type Pair, Scalar, visit } from 'yaml'
import type { DirectoryDocument } from '../directory.ts'
import type { StrategyDocument } from '../document.ts'
import { directorySpec, strategySpec, testSpec } from '../parse/parse.ts'
import { type DocumentSpec, parseWithSource } from '../parse/parse-document.ts'
import { readSource } from '../parse/read-source.ts'
import { DocumentParseError } from '../parse/report.ts'
import type { TestDocument } from '../test-file.ts'
import { canonicalize, type Layout, TO_STRING_OPTIONS } from './canonical.ts'
import { keepFileConventions } from './file-conventions.ts'
import { directoryLayout, strategyLayout, testLayout } from './layouts.ts'
import { spliceLayout } from './splice-layout.ts'
import { keepTrailingComments } from './trailing-comments.ts'
import { UnsupportedNode } from './write-scalar.ts'
import { writeCanonicalYaml } from './write-yaml.ts'

const DEFAULT_TAG_PREFIX = 'tag:yaml.org,2002:'
const WITHOUT_DIRECTIVES = { ...TO_STRING_OPTIONS, directives: false } as const

/** Whether the document would print no directives and no `---`: yaml walks the whole tree to find out. */
function withoutDirectives(doc: Document): boolean {
  const directives = doc.directives
  if (!directives) return true
  if (directives.docStart || directives.yaml.explicit) return false
  for (const [handle, prefix] of Object.entries(directives.tags)) {
    if (handle !== '!!' || prefix !== DEFAULT_TAG_PREFIX) return false
  }
  return true
}

const DEL = '\u007f'

/** The writer's output for the usual file, or the yaml package's own for anchors, tags and directives. */
function render(doc: Document): string {
  if (withoutDirectives(doc) && !doc.directives?.docEnd) {
    try {
      const text = writeCanonicalYaml(doc)
      // YAML has no unescaped DEL (and the reader refuses it as binary): strings with it are double-quoted
      return text.includes(DEL) ? text.replaceAll(DEL, '\\x7F') : text
    } catch (error) {
      if (!(error instanceof UnsupportedNode)) throw error
    }
  }
  return renderWithYaml(doc)
}

function renderWithYaml(doc: Document): string {
  const options = withoutDirectives(doc) ? WITHOUT_DIRECTIVES : TO_STRING_OPTIONS
  let text = doc.toString(options)
  if (text.includes(DEL)) {
    // YAML has no unescaped DEL (and the reader refuses it as binary): such strings go double-quoted with \x7F
    visit(doc, {
      Scalar(_, node) {
        if (typeof node.value === 'string' && node.value.includes(DEL)) node.type = Scalar.QUOTE_DOUBLE
      },
    })
    text = doc.toString(options).replaceAll(DEL, '\\x7F')
  }
  return text.endsWith('\n') ? text : `${text}\n`
}

function formatText<T>(spec: DocumentSpec<T>, layout: Layout, text: string): string {
  const { result, source } = parseWithSource(spec, text, {}, true)
  if (!result.success || !source) throw new DocumentParseError(result.diagnostics)
  canonicalize(source.doc, spec.schema, source.value, layout)
  // after the layout: a collection it writes in flow style keeps the comment above it
  keepTrailingComments(source.doc, source.text)
  return keepFileConventions(text, render(source.doc))
}

/** The canonical text of a strategy: stable key order, normalised durations, comments kept. Idempotent. */
export function formatStrategyText(text: string): string {
  return formatText(strategySpec, strategyLayout, text)
}

export function formatDirectoryText(text: string): string {
  return formatText(directorySpec, directoryLayout, text)
}

export function formatTestText(text: string): string {
  return formatText(testSpec, testLayout, text)
}

function copyDecorations(from: Node, to: Node): Node {
  if (from.commentBefore) to.commentBefore = from.commentBefore
  if (from.comment) to.comment = from.comment
  if (from.spaceBefore) to.spaceBefore = from.spaceBefore
  return to
}

/** Applies `value` onto the YAML node `node`, reusing nodes that did not change so their comments survive. */
function merge(doc: Document, node: unknown, value: unknown): Node {
  if (Array.isArray(value)) {
    if (!isSeq(node)) return doc.createNode(value) as Node
    node.items = value.map((item, i) => merge(doc, node.items[i], item))
    return node
  }
  if (value !== null && typeof value === 'object') {
    if (!isMap(node)) return doc.createNode(value) as Node
    const existing = new Map<string, Pair>()
    for (const item of node.items) {
      if (isPair(item)) existing.set(String(isScalar(item.key) ? item.key.value : item.key), item as Pair)
    }
    const items: Pair[] = []
    for (const [key, child] of Object.entries(value)) {
      if (child === undefined) continue
      const pair = existing.get(key)
      if (pair) {
        pair.value = merge(doc, pair.value, child)
        items.push(pair)
      } else {
        items.push(doc.createPair(key, child) as Pair)
      }
    }
    node.items = items
    return node
  }
  if (isScalar(node)) {
    if (node.value === value) return node
    return copyDecorations(node, doc.createNode(value) as Node)
  }
  return doc.createNode(value) as Node
}

/**
 * The canonical text of `next`, keeping the comments of `previousText` on the parts that still exist (the
 * designer saves canvas edits through this). When `previousText` does not parse, starts from a fresh document.
 */
export function updateStrategyText(previousText: string, next: StrategyDocument): string {
  const moved = spliceLayout(previousText, next)
  if (moved !== undefined) return moved
  // a CRLF file keeps its line ends; the splice above matches them, so a drag stays on the fast path
  return keepFileConventions(previousText, updatedText(previousText, next))
}

function updatedText(previousText: string, next: StrategyDocument): string {
  const source = previousText.trim() === '' ? undefined : readSource(previousText, undefined, true)
  let doc: Document
  if (source?.ok && isMap(source.doc.contents)) {
    doc = source.doc
    doc.contents = merge(doc, doc.contents, next) as never
  } else {
    doc = new Document(next)
  }
  canonicalize(doc, strategySpec.schema, next, strategyLayout)
  if (source?.ok) keepTrailingComments(doc, source.text)
  return render(doc)
}

/** The canonical text of a strategy document built in code. */
export function stringifyStrategy(document: StrategyDocument): string {
  return updateStrategyText('', document)
}

/** The canonical text of a directory or test document built in code (no previous text to keep). */
export function stringifyDirectory(document: DirectoryDocument): string {
  const doc = new Document(document)
  canonicalize(doc, directorySpec.schema, document, directoryLayout)
  return render(doc)
}

export function stringifyTestDocument(document: TestDocument): string {
  const doc = new Document(document)
  canonicalize(doc, testSpec.schema, document, testLayout)
  return render(doc)
}
