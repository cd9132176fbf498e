// pure: the data of an interaction arriving connected (submit's `data` with `connectedTo`), checked as any submit's
// (RouterLimits, then the strategy's declared inputs) and the part its history record keeps: no strategy runs, so no
// attach node chooses; the strategy's declared inputs that the host gave are what it said it reads.
import type { StrategyDocument } from '@routewright/strategy-dsl'
import type { RouterErrorCode, RouterLimits } from '../api/types.ts'
import { refuseInteractionData } from '../engine/input-limits.ts'
import { checkInputs } from '../engine/values.ts'

/** A direct call's data as its run keeps it (defaults filled) and what is attached (undefined: nothing to attach). */
export interface ConnectedData {
  data: Record<string, unknown>
  attached: Record<string, unknown> | undefined
}

/** Why a direct call's data is refused (the submit is refused whole: nothing created). */
export interface ConnectedDataRefusal {
  reason: string
  code: RouterErrorCode
}

/** `data` checked for a submit with `connectedTo` on `document`, or why it is refused. May throw (a getter in it). */
export function connectedDataOf(
  document: StrategyDocument,
  data: Readonly<Record<string, unknown>> | undefined,
  limits: RouterLimits,
): ConnectedData | ConnectedDataRefusal {
  const wrong = refuseInteractionData(data, limits)
  if (wrong !== undefined)
    return {
      reason: `submit: ${wrong.message}; nothing created`,
      code: wrong.code === 'over-limit' ? 'over-limit' : 'wrong-input',
    }
  // no strategy runs, so none needs a required input: a call answered already is not refused for one not given
  const checked = checkInputs(document, data, 'absent')
  if ('error' in checked) return { reason: `submit: ${checked.error}; nothing created`, code: 'wrong-input' }
  let attached: Record<string, unknown> | undefined
  if (data !== undefined)
    for (const name of Object.keys(document.inputs ?? {})) {
      const given = Object.hasOwn(data, name) ? data[name] : undefined
      // a default the host did not send is the strategy's, not the call's: not kept
      if (given === undefined || given === null) continue
      attached ??= {}
      attached[name] = checked.data[name]
    }
  return { data: checked.data, attached }
}
