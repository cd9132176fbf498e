// pure: the rule for a supervisor's name on PUT /v1/agents/{id}/state, shared by serve's schema, its fast body check
// and the designer's Monitor (through `@routewright/server/supervisor-name`: no Node module behind it). Its control
// characters are the runtime's one rule (controlAt), with its one wording.
import { controlAt, controlCharacterProblem } from '@routewright/strategy-runtime'

/** The longest supervisor name an agent state takes. */
export const MAX_SUPERVISOR_CHARS = 256

/** Whether `value` is a name serve's schema takes for `supervisor`: 1 to 256 characters, none a control character. */
export function isSupervisorName(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length >= 1 &&
    value.length <= MAX_SUPERVISOR_CHARS &&
    controlAt(value) < 0
  )
}

/** Why serve would refuse `name` as the supervisor's name, in words to show before sending; undefined: it takes it. */
export function supervisorNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'The supervisor name is empty: give one or leave the field out'
  if (name.length > MAX_SUPERVISOR_CHARS)
    return `The supervisor name is ${name.length} characters long, over serve's limit of ${MAX_SUPERVISOR_CHARS}: shorten it`
  return controlCharacterProblem('The supervisor name', name)
}
