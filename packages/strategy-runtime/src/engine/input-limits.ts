// pure: the checks of what a host submits (an interaction's fields and attached data) against RouterLimits, one
// copy for the router's submit and for hosts that answer before submitting (serve's 4xx): same limits, same text.
import {
  controlCharacterProblem,
  idCharacterProblem,
  isMediaName,
  MEDIA_NAME_RULE,
  type NameFix,
  nameHint,
} from '@routewright/strategy-dsl'
import { shortened } from '@routewright/strategy-dsl/cut-text'
import type { InteractionInput, RouterLimits } from '../api/types.ts'
import { crossedDataLimit, type DataLimits } from './data-budget.ts'
import { describeValue } from './values.ts'

/** The limits of an interaction's text fields. */
export type FieldLimits = Pick<RouterLimits, 'maxIdChars' | 'maxAddressChars'>

/**
 * Why a submit cannot be taken, as data: `wrong-type` (a field of the wrong type, from plain JavaScript),
 * `over-limit` (longer, larger or deeper than `limit`), `control-character` (a text field holding one: it would
 * break a log line, a CSV report or a SIP header it is copied into; an id holding a format character or an unpaired
 * surrogate too: it would read as another id, or no URL could name it), `media-name` (a media that is no media name of
 * the DSL's: MEDIA_NAME_RULE, which bounds its length too), `reserved-key` (data only: a top-level key `__proto__`).
 */
export interface InputRefusal {
  code: FieldRefusalCode | 'reserved-key'
  /** The field refused: `id`, `ani`, `data`... */
  field: keyof InteractionInput
  /** With `over-limit`: the RouterLimits option crossed. */
  limit?: keyof RouterLimits
  /** What is wrong and how to fix it. */
  message: string
}

/** The codes a text field's refusal has: the router's error codes too (RouterErrorCode). */
type FieldRefusalCode = 'wrong-type' | 'over-limit' | 'control-character' | 'media-name'
type FieldRefusal = InputRefusal & { code: FieldRefusalCode }

/** Why `input` cannot be submitted under `limits` (the first field refused), or undefined when it can. */
export function refuseInteractionInput(
  input: InteractionInput,
  limits: RouterLimits,
): InputRefusal | undefined {
  return refuseInteractionFields(input, limits) ?? refuseInteractionData(input.data, limits)
}

/** refuseInteractionInput without the data: its text fields' types, limits and characters, and its priority. */
export function refuseInteractionFields(
  input: InteractionInput,
  limits: FieldLimits,
): FieldRefusal | undefined {
  // one call per field, not a loop over a table: the submit path reads each field once, monomorphic
  const wrong =
    refuseText(input.id, 'id', limits.maxIdChars, 'maxIdChars', true) ??
    refuseText(input.strategy, 'strategy', limits.maxIdChars, 'maxIdChars', true) ??
    refuseMedia(input.media) ??
    refuseText(input.ani, 'ani', limits.maxAddressChars, 'maxAddressChars', false) ??
    refuseText(input.dnis, 'dnis', limits.maxAddressChars, 'maxAddressChars', false)
  if (wrong !== undefined) return wrong
  const priority: unknown = input.priority
  if (priority !== undefined && (typeof priority !== 'number' || !Number.isFinite(priority)))
    return {
      code: 'wrong-type',
      field: 'priority',
      message: `Interaction "priority" must be a finite number (got ${describeValue(priority)})`,
    }
  return undefined
}

/** Why an interaction's attached data is not a map within the data limits, or undefined (none is fine). */
export function refuseInteractionData(data: unknown, limits: DataLimits): InputRefusal | undefined {
  if (data === undefined) return undefined
  if (data === null || typeof data !== 'object' || Array.isArray(data))
    return {
      code: 'wrong-type',
      field: 'data',
      message: 'Interaction data must be an object of key-value pairs',
    }
  const reserved = refuseReservedDataKey(data)
  if (reserved !== undefined) return reserved
  const crossed = crossedDataLimit(data, limits, 'Interaction data', 'data')
  return crossed === undefined ? undefined : { code: 'over-limit', field: 'data', ...crossed }
}

/**
 * Why attached data cannot be taken whole, or undefined: a top-level key `__proto__` names no input (a reserved word
 * of expressions) and a JavaScript copy of the data would drop it or take it as a prototype. Nested ones are plain
 * keys of a value, kept as sent. For hosts whose schema would drop the key before refuseInteractionInput sees it.
 */
export function refuseReservedDataKey(data: unknown): InputRefusal | undefined {
  if (data === null || typeof data !== 'object' || !Object.hasOwn(data, '__proto__')) return undefined
  return {
    code: 'reserved-key',
    field: 'data',
    message:
      'Interaction data holds the top-level key "__proto__", which no strategy input can be named and which would be lost: rename it (nested inside a value it is kept as sent)',
  }
}

/** Why a media is not a string or no media name (the DSL's rule, one for strategies, the router and serve). */
function refuseMedia(media: unknown): FieldRefusal | undefined {
  if (media === undefined) return undefined
  if (typeof media !== 'string')
    return {
      code: 'wrong-type',
      field: 'media',
      message: `Interaction "media" must be a string (got ${describeValue(media)})`,
    }
  if (isMediaName(media)) return undefined
  return {
    code: 'media-name',
    field: 'media',
    message: `Interaction "media" ${JSON.stringify(cutText(media, 40))} is not a media name: use ${MEDIA_NAME_RULE}`,
  }
}

/** Why a text field is missing, not a string, too long or holds a control character, or undefined. */
function refuseText(
  value: unknown,
  field: keyof InteractionInput,
  max: number,
  limit: keyof FieldLimits,
  required: boolean,
): FieldRefusal | undefined {
  if (typeof value !== 'string' || (field === 'id' && value === '')) {
    if (value === undefined && !required) return undefined
    return {
      code: 'wrong-type',
      field,
      message: `Interaction "${field}" must be a ${field === 'id' ? 'non-empty ' : ''}string (got ${value === undefined ? 'nothing' : describeValue(value)})`,
    }
  }
  if (value.length > max)
    return {
      code: 'over-limit',
      field,
      limit,
      message: `Interaction "${field}" is ${value.length} characters long, over the router's limit of ${max} (limits.${limit}); send a shorter one, or raise limits.${limit} (createRouter's options, or routewright serve --limits)`,
    }
  // an id is a key and a URL segment too: an invisible or unpaired character makes one read as another, or unreachable
  const message =
    field === 'id'
      ? idCharacterProblem(`Interaction "${field}"`, value)
      : controlCharacterProblem(`Interaction "${field}"`, value)
  return message === undefined ? undefined : { code: 'control-character', field, message }
}

/** `text` cut to `max` characters and `...` for a message or an event (an id refused for its length is not echoed whole). */
export function cutText(text: string, max: number): string {
  return shortened(text, max + 3, '...')
}

/** Why a submit's strategy is refused: the strategies loaded and the closest one (the router's and serve's text). */
export function unknownStrategy(name: string, loaded: Iterable<string>): string {
  return unknownStrategyProblem(name, loaded).message
}

/** `unknownStrategy`'s text and, when a loaded strategy is close, the DSL's fix naming it (one look-up for both). */
export function unknownStrategyProblem(
  name: string,
  loaded: Iterable<string>,
): { message: string; fix?: NameFix } {
  const known = [...loaded]
  const shown = JSON.stringify(cutText(name, 64))
  const { hint, fix } = nameHint(name, known)
  return {
    message: `Unknown strategy ${shown} (loaded: ${known.join(', ') || 'none'}).${hint}`,
    ...(fix ? { fix } : {}),
  }
}
