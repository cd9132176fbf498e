// pure: the fast path for reading YAML. js-yaml builds plain values about 20x faster than the yaml package's
// Document API; positions and comments are only needed when there is something to report or to format, so
// those come from the full parser later, on demand. Anything unusual goes to the full parser straight away.
import { FAILSAFE_SCHEMA, load, Type } from 'js-yaml'
import { type Frame, frameRecorder } from './frames.ts'

// The YAML 1.2 core schema exactly as the yaml package resolves it, so both paths give the same values. Every
// plain scalar is tried against each type: a length or first-character test first spares most words the regexes.
/** Whether `data` starts as a number can (a sign or digit; a dot too for floats: `.5`, `.inf`, `.nan`). */
function startsNumber(data: string, dot: boolean): boolean {
  const c = data.charCodeAt(0)
  return (c >= 48 && c <= 57) || c === 43 || c === 45 || (dot && c === 46)
}
const nullType = new Type('tag:yaml.org,2002:null', {
  kind: 'scalar',
  resolve: (data: string) => data.length <= 4 && /^(?:~|[Nn]ull|NULL)?$/.test(data),
  construct: () => null,
})
const boolType = new Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (data: string) =>
    (data.length === 4 || data.length === 5) && /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/.test(data),
  construct: (data: string) => data[0] === 't' || data[0] === 'T',
})
const intType = new Type('tag:yaml.org,2002:int', {
  kind: 'scalar',
  resolve: (data: string) =>
    startsNumber(data, false) && /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$/.test(data),
  construct: (data: string) =>
    data.startsWith('0o')
      ? Number.parseInt(data.slice(2), 8)
      : data.startsWith('0x')
        ? Number(data)
        : Number(data),
})
const floatType = new Type('tag:yaml.org,2002:float', {
  kind: 'scalar',
  resolve: (data: string) =>
    startsNumber(data, true) &&
    (/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/.test(data) ||
      /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/.test(data) ||
      /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/.test(data)),
  construct: (data: string) => {
    if (/nan$/i.test(data)) return Number.NaN
    if (/inf$/i.test(data)) return data.startsWith('-') ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY
    return Number.parseFloat(data)
  },
})
export const CORE_SCHEMA = FAILSAFE_SCHEMA.extend({ implicit: [nullType, boolType, intType, floatType] })

// Anchors, aliases, tags, directives and complex keys are rare in strategies and have limits, warnings or
// key renderings of their own: the full parser handles them. (`&&`, `!=`, `**` and `a * b` do not match; `&*x` is
// an anchor named `*x`.)
const NEEDS_FULL_PARSER =
  /(?:^|[\s:[{,-])(?:&[^\s&=]|\*[^\s*=]|![^=]|\?(?:\s|$))|^%|^[ \t]*(?:-[ \t]+)*(?:[[{].*[\]}][ \t]*)?:(?:[ \t]|$)/m

const TOKEN_START = new Set([' ', '\t', '[', '{', ',', ':', '-'])

/**
 * Whether a quoted scalar or a flow collection runs over a line end: js-yaml accepts some of those that the
 * yaml package rejects for their indentation, so the full parser decides. Canonical files never have them.
 * Quotes inside plain words (`caller's`) do not open a scalar. A comment glued to a closing token also goes to
 * the full parser, which rejects it.
 */
function spansLines(text: string): boolean {
  let quote: '"' | "'" | undefined
  let depth = 0
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    if (quote !== undefined) {
      if (ch === '\n') return true
      if (quote === '"' && ch === '\\') i++
      else if (ch === quote) {
        if (quote === "'" && text[i + 1] === "'") i++
        else if (text[i + 1] === '#')
          return true // yaml wants a space before a comment; js-yaml does not
        else quote = undefined
      }
      continue
    }
    const previous = i === 0 ? '\n' : text[i - 1]!
    if (ch === '\n') {
      if (depth > 0) return true
    } else if (ch === '#' && (previous === ' ' || previous === '\n')) {
      const end = text.indexOf('\n', i)
      if (end === -1) return false
      i = end - 1
    } else if ((ch === '"' || ch === "'") && (previous === '\n' || TOKEN_START.has(previous))) {
      quote = ch
    } else if ((ch === '[' || ch === '{') && (previous === '\n' || TOKEN_START.has(previous))) {
      depth++
    } else if (ch === ']' || ch === '}') {
      if (text[i + 1] === '#') return true
      if (depth > 0) depth--
    }
  }
  return quote !== undefined || depth > 0
}

/** js-yaml renders null and collection keys differently from the yaml package: leave those to it. */
function hasOddKeys(value: unknown, depth = 0): boolean {
  if (depth > 200 || value === null || typeof value !== 'object') return false
  // plain loops: this walks every value of the file, and Object.entries' pairs were a tenth of a large read
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (hasOddKeys(value[i], depth + 1)) return true
    return false
  }
  const record = value as Record<string, unknown>
  const keys = Object.keys(record)
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!
    if (key === 'null' || key === '' || key.includes('[object ') || key.includes(',')) return true
    if (hasOddKeys(record[key], depth + 1)) return true
  }
  return false
}

/**
 * The plain value of a YAML text, or undefined when the full parser must decide (errors, aliases, tags ...).
 * `positions` also records js-yaml's frames, for `createFastLocator`.
 */
export function fastRead(text: string, positions = false): { value: unknown; frames?: Frame } | undefined {
  if (NEEDS_FULL_PARSER.test(text) || spansLines(text)) return undefined
  try {
    // an editor asks for positions on every request: they are recorded by this one read, not a second one
    const recorder = positions ? frameRecorder(text.length) : undefined
    const value = load(
      text,
      recorder ? { schema: CORE_SCHEMA, listener: recorder.listener } : { schema: CORE_SCHEMA },
    )
    if (value === undefined || value === null || hasOddKeys(value)) return undefined
    return recorder ? { value, frames: recorder.top } : { value }
  } catch {
    // duplicate keys, syntax errors, several documents: the full parser reports them with positions
    return undefined
  }
}
