// pure: JSON texts that share one part's text, byte for byte what JSON.stringify writes.
// A routed interaction's explanation (about 600 of the commit's 1,700 characters an interaction) is in its routed
// event and again in its record: stringified once and spliced into both, the second stringify's garbage is saved.

/** The explanation texts of one commit's batch, keyed by the explanation object; cleared when the batch is taken. */
export type ExplanationTexts = Map<object, string>

/** The last own enumerable key: the spliced part must be the text's last member to keep JSON.stringify's order. */
function lastKey(value: object): string | undefined {
  let last: string | undefined
  for (const key in value) if (Object.hasOwn(value, key)) last = key
  return last
}

/**
 * JSON.stringify(value), with `value.explanation` (an object, its last key) written from `texts` (and remembered
 * there the first time): the same text, one stringify of the explanation for all the texts that carry it.
 */
export function withExplanation(value: object, texts: ExplanationTexts): string {
  const explanation = (value as { explanation?: unknown }).explanation
  if (
    typeof explanation !== 'object' ||
    explanation === null ||
    typeof (value as { toJSON?: unknown }).toJSON === 'function' ||
    lastKey(value) !== 'explanation'
  )
    return JSON.stringify(value)
  let text = texts.get(explanation)
  if (text === undefined) {
    text = JSON.stringify(explanation)
    // an explanation whose toJSON answers undefined leaves its key out: JSON.stringify knows how
    if (text === undefined) return JSON.stringify(value)
    texts.set(explanation, text)
  }
  const { explanation: _, ...rest } = value as { explanation?: unknown }
  const head = JSON.stringify(rest)
  return head === '{}' ? `{"explanation":${text}}` : `${head.slice(0, -1)},"explanation":${text}}`
}
