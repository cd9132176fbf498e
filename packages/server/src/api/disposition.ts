// A complete's disposition (wrap-up code): a short code the agent picked, held to an id's character rules.
import { idCharacterProblem } from '@routewright/strategy-dsl'

/** The longest disposition a complete takes: a code ("resolved", "callback-needed"), not a note. */
export const MAX_DISPOSITION_CHARS = 64

/** A 422 answer's body: the refused field as data, as a submit's field refusal gives it. */
export interface DispositionRefusal {
  error: string
  code: 'over-limit' | 'control-character'
  field: 'disposition'
  limit?: 'maxDispositionChars'
}

/** Why a complete's disposition is refused (422, nothing changed), or undefined when it is fine or absent. */
export function refuseDisposition(disposition: string | undefined): DispositionRefusal | undefined {
  if (disposition === undefined) return undefined
  if (disposition.length > MAX_DISPOSITION_CHARS)
    return {
      code: 'over-limit',
      field: 'disposition',
      limit: 'maxDispositionChars',
      error: `complete: "disposition" is ${disposition.length} characters long, over the limit of ${MAX_DISPOSITION_CHARS}; send a short code`,
    }
  const problem = idCharacterProblem('"disposition"', disposition)
  return problem === undefined
    ? undefined
    : { code: 'control-character', field: 'disposition', error: `complete: ${problem}` }
}
