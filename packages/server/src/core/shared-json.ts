// pure: JSON texts that share one part's text, byte for byte what JSON.stringify writes.
// A routed interaction's explanation (about 600 of the commit's 1,700 characters an interaction) is in its routed
// event and again in its record (and a submit's reply): stringified once and spliced into each, the other
// stringifies' garbage is saved.

import type { ExplanationTexts } from './explanation-texts.ts'

/** The last own enumerable key: the spliced part must be the text's last member to keep JSON.stringify's order. */
function lastKey(value: object): string | undefined {
  let last: string | undefined
  for (const key in value) if (Object.hasOwn(value, key)) last = key
  return last
}

/**
 * On a reply's body: its explanation's text as its commit wrote it (a submit's reply is written after that commit is
 * answered, when the batch's texts are gone). A symbol key: JSON.stringify, a forwarded reply and a batch's never see
 * it; a spread of the view copies it.
 */
export const EXPLANATION_JSON: unique symbol = Symbol('explanation JSON')

/** `value.explanation` when it can be written from a text made apart: an object and the value's last key. */
function splicable(value: object): object | undefined {
  const explanation = (value as { explanation?: unknown }).explanation
  if (
    typeof explanation !== 'object' ||
    explanation === null ||
    typeof (value as { toJSON?: unknown }).toJSON === 'function' ||
    lastKey(value) !== 'explanation'
  )
    return undefined
  return explanation
}

/** Names no key: what a rest copy leaves out beside the explanation when nothing else goes. */
const NO_KEY: unique symbol = Symbol('no key')

/** JSON.stringify(value) with its explanation written as `text` (that explanation's JSON), `leaveOut` left out. */
function spliced(value: object, text: string, leaveOut: string | typeof NO_KEY = NO_KEY): string {
  // one copy without both: a second rest copy for `leaveOut` would be more garbage per write
  const { explanation: _, [leaveOut]: _left, ...rest } = value as Record<string | symbol, unknown>
  const head = JSON.stringify(rest)
  return head === '{}' ? `{"explanation":${text}}` : `${head.slice(0, -1)},"explanation":${text}}`
}

/**
 * `text` made flat, in place (ToNumber flattens it). V8 answers a long stringify or a concatenation as a rope of its
 * parts (the stringify's growing buffers: about 1.6 KB for a 600-character explanation); a text that lives as long
 * as its commit would have a scavenge copy the whole rope: flat, only the flat copy survives and the parts die young.
 */
export function flat(text: string): string {
  Number(text)
  return text
}

/** JSON.stringify(explanation), flat: it lives as long as its commit and its submit's reply. */
export function explanationJson(explanation: object): string | undefined {
  const text = JSON.stringify(explanation) as string | undefined
  return text === undefined ? undefined : flat(text)
}

/**
 * JSON.stringify(value), with `value.explanation` (an object, its last key) written from `texts` (and remembered
 * there the first time): the same text, one stringify of the explanation for all the texts that carry it. With
 * `leaveOut`, the text of value without that key (value is not changed).
 */
export function withExplanation(value: object, texts: ExplanationTexts, leaveOut?: string): string {
  const explanation = splicable(value)
  if (explanation === undefined) return JSON.stringify(without(value, leaveOut))
  let text = texts.get(explanation)
  if (text === undefined) {
    text = explanationJson(explanation)
    // an explanation whose toJSON answers undefined leaves its key out: JSON.stringify knows how
    if (text === undefined) return JSON.stringify(without(value, leaveOut))
    texts.set(explanation, text)
  }
  return spliced(value, text, leaveOut)
}

/** `value` without its `key` (a copy), or value itself when no key goes. */
function without(value: object, key: string | undefined): object {
  if (key === undefined || !Object.hasOwn(value, key)) return value
  const { [key]: _, ...rest } = value as Record<string, unknown>
  return rest
}

/** JSON.stringify(body), its explanation written from the text its commit made when the body carries one. */
export function replyJson(body: unknown): string {
  if (typeof body !== 'object' || body === null) return JSON.stringify(body)
  const text = (body as { [EXPLANATION_JSON]?: string })[EXPLANATION_JSON]
  return text !== undefined && splicable(body) !== undefined ? spliced(body, text) : JSON.stringify(body)
}
