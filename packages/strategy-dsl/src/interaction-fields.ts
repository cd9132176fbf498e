// pure: what an interaction's ANI, DNIS and start priority may be, one copy for the router's default limits, serve's
// submit, a test file's scenario, `routewright run --interaction` and the designer's simulation form: an interaction
// copied from one of them is taken by all the others.
import { z } from 'zod'
import { controlCharacterProblem } from './control-characters.ts'
import { PRIORITY_BOUNDS } from './nodes/target.ts'

/**
 * The characters of an ANI or DNIS the router takes by default (RouterLimits.maxAddressChars): room for a SIP URI's
 * user part, well over an E.164 number's 16.
 */
export const MAX_ADDRESS_CHARS = 128

/** Why an ANI or DNIS of `length` characters is refused, after its name: `130 characters, over the 128 ...`. */
export function addressLengthProblem(length: number): string {
  return `${length} characters, over the ${MAX_ADDRESS_CHARS} routewright serve and the router take (their default limits.maxAddressChars): shorten it`
}

/** Why a start priority is refused, after its name: `2000000 is outside ...`. */
export function priorityRangeProblem(value: number): string {
  return `${value} is outside the priorities routewright serve and the router take (${PRIORITY_BOUNDS.min} to ${PRIORITY_BOUNDS.max}, fractions too): give one within them`
}

/** An interaction's ANI or DNIS as a host submits it: at most MAX_ADDRESS_CHARS characters, no control character. */
export const addressSchema = z
  .string()
  .max(MAX_ADDRESS_CHARS, {
    error: (issue) => addressLengthProblem(String(issue.input).length),
  })
  .superRefine((value, ctx) => {
    const message = controlCharacterProblem('It', value)
    if (message !== undefined) ctx.addIssue({ code: 'custom', message })
  })

/** An interaction's start priority as a host submits it: any number within PRIORITY_BOUNDS, fractions too. */
export const startPrioritySchema = z
  .number()
  .min(PRIORITY_BOUNDS.min, { error: (issue) => priorityRangeProblem(Number(issue.input)) })
  .max(PRIORITY_BOUNDS.max, { error: (issue) => priorityRangeProblem(Number(issue.input)) })
