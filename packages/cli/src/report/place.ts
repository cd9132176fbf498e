// pure: where a finding is, as the CLI prints it: the DSL's one `file:line:col` rule, the file made printable.
import { printableName } from '@routewright/node-support/printable'
import { formatPlace, type PlaceAt, type Range } from '@routewright/strategy-dsl'

/** `flows/vip.strategy.yaml:12:7` for a terminal: a file name's control characters and line feeds shown, not sent. */
export function placeOf(file: string | undefined, at?: Range | PlaceAt): string {
  return formatPlace(file === undefined ? undefined : printableName(file), at)
}
