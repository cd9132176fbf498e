// pure: the text of one YAML scalar in canonical output: the quoting, escape and block-scalar rules of the yaml
// package's stringifier (2.9) for the options the formatter uses (no line folding), so files keep their bytes.
import { Scalar } from 'yaml'
import { escapeInvisible } from '../control-characters.ts'

/** Where the scalar is written. `indent` is the indentation of its continuation lines. */
export interface ScalarContext {
  indent: string
  implicitKey: boolean
  inFlow: boolean
}

/** Thrown for a scalar the writer does not render (a custom tag, a value of another type). */
export class UnsupportedNode extends Error {}

const INDENT_STEP = '  '
const NULL = /^(?:~|[Nn]ull|NULL)?$/
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/
/** Plain text that would read back as another type (the core schema's tests, in its order). */
const NOT_A_STRING = [
  NULL,
  BOOL,
  /^0o[0-7]+$/,
  /^[-+]?[0-9]+$/,
  /^0x[0-9a-fA-F]+$/,
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
]
const MAYBE_NOT_A_STRING = /^(?:$|[-+.0-9~nNtTfF])/
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters force double quotes
const FORCE_DOUBLE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u
const PLAIN_FORBIDDEN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/
const DOUBLE_QUOTED_MIN_MULTILINE = 40
const BLOCK_END_NEWLINES = /(^|(?<!\n))\n+(?!\n|$)/g

const containsDocumentMarker = (str: string) => /^(%|---|\.\.\.)/m.test(str)

const SHORT_ESCAPES: Record<string, string> = {
  '0000': '\\0',
  '0007': '\\a',
  '000b': '\\v',
  '001b': '\\e',
  '0085': '\\N',
  '00a0': '\\_',
  '2028': '\\L',
  '2029': '\\P',
}

/**
 * An invisible character as JSON writes an escape (`\u200b`), for the loop below to turn into YAML's; DEL stays
 * raw (the writer's caller escapes it as `\x7F`), a code point beyond U+FFFF becomes YAML's `\U000e0041`.
 */
function jsonEscape(code: number): string {
  if (code === 0x7f) return '\x7f'
  return code > 0xffff
    ? `\\U${code.toString(16).padStart(8, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`
}

function doubleQuoted(value: string, ctx: ScalarContext): string {
  // bidi controls and zero-width characters stay escaped: written raw, "\u202e" turned the line around unseen
  const json = escapeInvisible(JSON.stringify(value), jsonEscape)
  const indent = ctx.indent || (containsDocumentMarker(value) ? '  ' : '')
  let str = ''
  let start = 0
  for (let i = 0, ch = json[i]; ch; ch = json[++i]) {
    if (ch === ' ' && json[i + 1] === '\\' && json[i + 2] === 'n') {
      // a space before a line break is escaped, or reading it back would fold it away
      str += `${json.slice(start, i)}\\ `
      i += 1
      start = i
      ch = '\\'
    }
    if (ch !== '\\') continue
    const next = json[i + 1]
    if (next === 'u') {
      str += json.slice(start, i)
      const code = json.substr(i + 2, 4)
      str += SHORT_ESCAPES[code] ?? (code.startsWith('00') ? `\\x${code.slice(2)}` : json.substr(i, 6))
      i += 5
      start = i + 1
    } else if (next === 'n') {
      if (ctx.implicitKey || json[i + 2] === '"' || json.length < DOUBLE_QUOTED_MIN_MULTILINE) {
        i += 1
      } else {
        // a long text keeps its line breaks as lines (the first break is folded away on reading)
        str += `${json.slice(start, i)}\n\n`
        while (json[i + 2] === '\\' && json[i + 3] === 'n' && json[i + 4] !== '"') {
          str += '\n'
          i += 2
        }
        str += indent
        if (json[i + 2] === ' ') str += '\\'
        i += 1
        start = i + 1
      }
    } else i += 1
  }
  return start ? str + json.slice(start) : json
}

function singleQuoted(value: string, ctx: ScalarContext): string {
  if ((ctx.implicitKey && value.includes('\n')) || /[ \t]\n|\n[ \t]/.test(value))
    return doubleQuoted(value, ctx)
  const indent = ctx.indent || (containsDocumentMarker(value) ? '  ' : '')
  return `'${value.replace(/'/g, "''").replace(/\n+/g, `$&\n${indent}`)}'`
}

function quoted(value: string, ctx: ScalarContext): string {
  const hasDouble = value.includes('"')
  const hasSingle = value.includes("'")
  return hasDouble && !hasSingle ? singleQuoted(value, ctx) : doubleQuoted(value, ctx)
}

/** A literal (`|`) or folded (`>`) block; `comment` goes on its header line. */
function block(value: string, type: Scalar['type'], ctx: ScalarContext, comment: Comment): string {
  if (/\n[\t ]+$/.test(value)) return quoted(value, ctx)
  const indent = ctx.indent || (containsDocumentMarker(value) ? '  ' : '')
  // with no line width, only a scalar read as folded stays folded
  const literal = type !== Scalar.BLOCK_FOLDED
  if (!value) return literal ? '|\n' : '>\n'
  let endStart = value.length
  while (endStart > 0 && '\n\t '.includes(value[endStart - 1]!)) endStart--
  let end = value.substring(endStart)
  const endNl = end.indexOf('\n')
  const chomp = endNl === -1 ? '-' : value === end || endNl !== end.length - 1 ? '+' : ''
  // keep chomping changes where the next blank line goes: the yaml package's own writer handles it
  if (chomp === '+') throw new UnsupportedNode('block scalar with keep chomping')
  let body = value
  if (end) {
    body = body.slice(0, -end.length)
    if (end.endsWith('\n')) end = end.slice(0, -1)
    end = end.replace(BLOCK_END_NEWLINES, `$&${indent}`)
  }
  let startWithSpace = false
  let startEnd = 0
  let startNl = -1
  for (; startEnd < body.length; ++startEnd) {
    const ch = body[startEnd]
    if (ch === ' ') startWithSpace = true
    else if (ch === '\n') startNl = startEnd
    else break
  }
  let start = body.substring(0, startNl < startEnd ? startNl + 1 : startEnd)
  if (start) {
    body = body.substring(start.length)
    start = start.replace(/\n+/g, `$&${indent}`)
  }
  let header = (startWithSpace ? (indent ? '2' : '1') : '') + chomp
  if (comment.text) {
    header += ` ${commentText(comment.text.replace(/ ?[\r\n]+/g, ' '))}`
    comment.done = true
  }
  if (!literal) {
    const folded = body
      .replace(/\n+/g, '\n$&')
      .replace(/(?:^|\n)([\t ].*)(?:([\n\t ]*)\n(?![\n\t ]))?/g, '$1$2')
      .replace(/\n+/g, `$&${indent}`)
    return `>${header}\n${indent}${start}${folded}${end}`
  }
  return `|${header}\n${indent}${start}${body.replace(/\n+/g, `$&${indent}`)}${end}`
}

function plain(value: string, type: Scalar['type'], ctx: ScalarContext, comment: Comment): string {
  const { implicitKey, indent, inFlow } = ctx
  if ((implicitKey && value.includes('\n')) || (inFlow && /[[\]{},]/.test(value))) return quoted(value, ctx)
  if (PLAIN_FORBIDDEN.test(value)) {
    return implicitKey || inFlow || !value.includes('\n')
      ? quoted(value, ctx)
      : block(value, type, ctx, comment)
  }
  if (!implicitKey && !inFlow && type !== Scalar.PLAIN && value.includes('\n'))
    return block(value, type, ctx, comment)
  if (containsDocumentMarker(value)) {
    if (indent === '') return block(value, type, { ...ctx, indent: '  ' }, comment)
    if (implicitKey && indent === INDENT_STEP) return quoted(value, ctx)
  }
  const str = value.includes('\n') ? value.replace(/\n+/g, `$&\n${indent}`) : value
  // only text starting like a number, null or boolean can read back as one
  return MAYBE_NOT_A_STRING.test(str) && NOT_A_STRING.some((test) => test.test(str))
    ? quoted(value, ctx)
    : str
}

function string(node: Scalar, value: string, ctx: ScalarContext, comment: Comment): string {
  const type = FORCE_DOUBLE.test(value) ? Scalar.QUOTE_DOUBLE : node.type
  switch (type) {
    case Scalar.BLOCK_FOLDED:
    case Scalar.BLOCK_LITERAL:
      return ctx.implicitKey || ctx.inFlow ? quoted(value, ctx) : block(value, type, ctx, comment)
    case Scalar.QUOTE_DOUBLE:
      return doubleQuoted(value, ctx)
    case Scalar.QUOTE_SINGLE:
      return singleQuoted(value, ctx)
    default:
      // a scalar built in code has no type: written as plain, but multi-line text then prefers a block
      return plain(value, node.type, ctx, comment)
  }
}

function number(node: Scalar, value: number): string {
  const format = node.format
  if (Number.isInteger(value) && value >= 0) {
    if (format === 'HEX') return `0x${value.toString(16)}`
    if (format === 'OCT') return `0o${value.toString(8)}`
  }
  if (!Number.isFinite(value)) return Number.isNaN(value) ? '.nan' : value < 0 ? '-.inf' : '.inf'
  if (format === 'EXP') return value.toExponential()
  let n = Object.is(value, -0) ? '-0' : JSON.stringify(value)
  const digits = node.minFractionDigits
  if (!format && digits && /^-?\d/.test(n) && !n.includes('e')) {
    let dot = n.indexOf('.')
    if (dot < 0) {
      dot = n.length
      n += '.'
    }
    for (let d = digits - (n.length - dot - 1); d > 0; d--) n += '0'
  }
  return n
}

/** A scalar's comment, and whether it was written on a block scalar's header line. */
export interface Comment {
  text: string | undefined
  done: boolean
}

/** The text of a scalar node; `comment.done` says its comment already went on a block scalar's header. */
export function writeScalar(node: Scalar, ctx: ScalarContext, comment: Comment): string {
  if (node.tag || node.anchor) throw new UnsupportedNode('tagged or anchored scalar')
  const value: unknown = node.value
  const source = (node as { source?: unknown }).source
  if (typeof value === 'string') {
    // a block scalar writes the node's own comment on its header line
    comment.text = node.comment ?? undefined
    return string(node, value, ctx, comment)
  }
  if (value === null || value === undefined)
    return typeof source === 'string' && NULL.test(source) ? source : 'null'
  if (typeof value === 'boolean') {
    if (typeof source === 'string' && BOOL.test(source) && value === (source[0] === 't' || source[0] === 'T'))
      return source
    return value ? 'true' : 'false'
  }
  if (typeof value === 'number') return number(node, value)
  throw new UnsupportedNode(`scalar of type ${typeof value}`)
}

/** Comment text as written: each line gets `#` (the source kept what followed it, leading space included). */
export function commentText(comment: string): string {
  return comment.replace(/^(?!$)(?: $)?/gm, '#')
}
