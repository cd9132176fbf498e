// pure: writes a canonicalised yaml Document as text, byte for byte what the yaml package's toString gives for
// the formatter's options (2-space indent, no line folding, flow padding per collection), in a fraction of its
// time. Anchors, aliases, tags, collection keys and keep-chomped block scalars throw UnsupportedNode: the caller
// then uses the yaml package's writer for that file.
import {
  type Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  type Node,
  type Pair,
  type Scalar,
} from 'yaml'
import {
  type Comment,
  commentText,
  type ScalarContext,
  UnsupportedNode,
  writeScalar,
} from './write-scalar.ts'

const INDENT_STEP = '  '
const MAX_IMPLICIT_KEY = 1024

interface Context extends ScalarContext {
  /** Space inside the brackets of a flow collection (`{ a: 1 }`, `[0, 0]`), inherited by nested ones. */
  padding: string
}

/** The contexts of a collection's items, and of their keys and values (made once per collection). */
interface ItemContexts {
  item: Context
  key: Context
  value: Context
}

/** Contexts are few (one per depth, style and padding) and never changed: made once, not per collection. */
const cache = new Map<string, ItemContexts>()

function itemContexts(ctx: Context, indent: string, inFlow: boolean): ItemContexts {
  const id = `${indent.length}${inFlow ? 'f' : 'b'}${ctx.padding}`
  let found = cache.get(id)
  if (!found) {
    const inner = indent + INDENT_STEP
    const padding = ctx.padding
    found = {
      item: { indent, inFlow, implicitKey: false, padding },
      key: { indent: inner, inFlow, implicitKey: true, padding },
      value: { indent: inner, inFlow, implicitKey: false, padding },
    }
    cache.set(id, found)
  }
  return found
}

type Collection = Node & { items: unknown[]; flow?: boolean; comment?: string | null }

function indentComment(comment: string, indent: string): string {
  if (/^\n+$/.test(comment)) return comment.substring(1)
  return indent ? comment.replace(/^(?! *$)/gm, indent) : comment
}

function lineComment(str: string, indent: string, comment: string): string {
  if (str.endsWith('\n')) return indentComment(comment, indent)
  if (comment.includes('\n')) return `\n${indentComment(comment, indent)}`
  return (str.endsWith(' ') ? '' : ' ') + comment
}

function decorations(node: unknown): { spaceBefore?: boolean; commentBefore?: string | null } {
  return node !== null && typeof node === 'object' ? (node as Node) : {}
}

function write(item: unknown, ctx: Context, comment: Comment): string {
  if (isScalar(item)) return writeScalar(item, ctx, comment)
  if (isMap(item) || isSeq(item)) {
    if (item.tag || item.anchor) throw new UnsupportedNode('tagged or anchored collection')
    return collection(item as Collection, ctx, comment)
  }
  throw new UnsupportedNode(isAlias(item) ? 'alias' : 'a value that is not a YAML node')
}

function collection(node: Collection, ctx: Context, comment: Comment): string {
  const map = isMap(node)
  if (map && node.items.some((item) => !isPair(item) || !isScalar(item.key) || !isNodeValue(item.value)))
    throw new UnsupportedNode('a mapping key that is not a scalar, or a value that is not a node')
  if (!map && node.items.some((item) => isPair(item)))
    throw new UnsupportedNode('a single-pair mapping written inside a list')
  const flow = ctx.inFlow || node.flow
  const itemIndent = map ? ctx.indent : ctx.indent + INDENT_STEP
  const start = map ? '{' : '['
  const end = map ? '}' : ']'
  if (flow) {
    const padding = node.flow ? (map ? ' ' : '') : ctx.padding
    return flowCollection(node, { ...ctx, padding }, itemIndent + INDENT_STEP, start, end)
  }
  const contexts = itemContexts(ctx, itemIndent, false)
  const lines: string[] = []
  for (const item of node.items) {
    const lead = decorations(isPair(item) ? item.key : item)
    if (lead.spaceBefore) lines.push('')
    if (lead.commentBefore) lines.push(indentComment(commentText(lead.commentBefore), ctx.indent).trimStart())
    const own: Comment = {
      text: isPair(item) ? undefined : ((item as Node).comment ?? undefined),
      done: false,
    }
    let str = isPair(item) ? pair(item, contexts, own) : write(item, contexts.item, own)
    if (own.text && !own.done) str += lineComment(str, itemIndent, commentText(own.text))
    lines.push((map ? '' : '- ') + str)
  }
  let str: string
  if (lines.length === 0) str = start + end
  else {
    str = lines[0]!
    for (let i = 1; i < lines.length; ++i) {
      const line = lines[i]!
      str += line ? `\n${ctx.indent}${line}` : '\n'
    }
  }
  if (node.comment) {
    str += `\n${indentComment(commentText(node.comment), ctx.indent)}`
    comment.done = true
  }
  return str
}

function isNodeValue(value: unknown): boolean {
  return isScalar(value) || isMap(value) || isSeq(value) || isAlias(value)
}

function flowCollection(
  node: Collection,
  ctx: Context,
  itemIndent: string,
  start: string,
  end: string,
): string {
  const contexts = itemContexts(ctx, itemIndent, true)
  let newline = false
  let linesAtValue = 0
  const lines: string[] = []
  const last = node.items.length - 1
  for (let index = 0; index <= last; index++) {
    const item = node.items[index]
    const own: Comment = { text: undefined, done: false }
    if (isPair(item)) {
      const key = item.key as Scalar
      if (key.spaceBefore) lines.push('')
      if (key.commentBefore) lines.push(indentComment(commentText(key.commentBefore), ctx.indent).trimStart())
      if (key.comment) newline = true
      const value = item.value as Node
      if (value.comment) own.text = value.comment
      if (value.commentBefore) newline = true
    } else {
      const lead = item as Node
      if (lead.spaceBefore) lines.push('')
      if (lead.commentBefore)
        lines.push(indentComment(commentText(lead.commentBefore), ctx.indent).trimStart())
      if (lead.comment) own.text = lead.comment
    }
    if (own.text) newline = true
    let str = isPair(item) ? pair(item, contexts, own) : write(item, contexts.item, own)
    newline ||= lines.length > linesAtValue || str.includes('\n')
    if (index < last) str += ','
    if (own.text && !own.done) str += lineComment(str, itemIndent, commentText(own.text))
    lines.push(str)
    linesAtValue = lines.length
  }
  if (lines.length === 0) return start + end
  if (!newline) return `${start}${ctx.padding}${lines.join(' ')}${ctx.padding}${end}`
  let str = start
  for (const line of lines) str += line ? `\n${INDENT_STEP}${ctx.indent}${line}` : '\n'
  return `${str}\n${ctx.indent}${end}`
}

function pair(item: Pair, contexts: ItemContexts, outer: Comment): string {
  const ctx = contexts.item
  const key = item.key as Scalar
  const value = item.value as Node
  if (key.type === 'BLOCK_FOLDED' || key.type === 'BLOCK_LITERAL')
    throw new UnsupportedNode('block scalar key')
  const keyComment = key.comment || undefined
  let str = write(key, contexts.key, { text: undefined, done: false })
  if (!ctx.inFlow && str.length > MAX_IMPLICIT_KEY) throw new UnsupportedNode('key over 1024 characters')
  str = `${str}:`
  const inner = contexts.value
  if (keyComment) str += lineComment(str, inner.indent, commentText(keyComment))
  const valueComment: Comment = { text: undefined, done: false }
  const valueStr = write(value, inner, valueComment)
  let ws = ' '
  if (keyComment || value.spaceBefore || value.commentBefore) {
    ws = value.spaceBefore ? '\n' : ''
    if (value.commentBefore) ws += `\n${indentComment(commentText(value.commentBefore), inner.indent)}`
    if (valueStr === '' && !ctx.inFlow) {
      if (ws === '\n' && value.comment) ws = '\n\n'
    } else ws += `\n${inner.indent}`
  } else if (isMap(value) || isSeq(value)) {
    const flow = ctx.inFlow || (value.flow ?? value.items.length === 0)
    if (valueStr.includes('\n') || !flow) ws = `\n${inner.indent}`
  } else if (valueStr === '' || valueStr[0] === '\n') ws = ''
  str += ws + valueStr
  if (ctx.inFlow) {
    if (valueComment.done) outer.done = true
  } else if (value.comment && !valueComment.done) {
    str += lineComment(str, inner.indent, commentText(value.comment))
  }
  return str
}

/**
 * The text of a canonicalised Document whose top level is a mapping and that prints no directives. Throws
 * UnsupportedNode for what only the yaml package's writer renders.
 */
export function writeCanonicalYaml(doc: Document): string {
  const contents = doc.contents
  if (!isMap(contents)) throw new UnsupportedNode('top level is not a mapping')
  const lines: string[] = []
  if (doc.commentBefore) lines.push(indentComment(commentText(doc.commentBefore), ''), '')
  if (contents.commentBefore) lines.push(indentComment(commentText(contents.commentBefore), ''))
  const comment: Comment = { text: contents.comment ?? undefined, done: false }
  let body = write(contents, { indent: '', inFlow: false, implicitKey: false, padding: '' }, comment)
  if (comment.text && !comment.done) body += lineComment(body, '', commentText(comment.text))
  lines.push(body)
  if (doc.comment) {
    if (lines[lines.length - 1] !== '') lines.push('')
    lines.push(indentComment(commentText(doc.comment), ''))
  }
  return `${lines.join('\n')}\n`
}
