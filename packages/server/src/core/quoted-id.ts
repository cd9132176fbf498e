// a caller's id quoted in a message: the path's id may hold a bidi override or a line feed, shown in the text, never obeyed
import { printableName } from '@routewright/node-support/printable'

/** `"id"`, its control and bidi characters shown as visible ones, cut when long. */
export function quotedId(id: string): string {
  return `"${printableName(id)}"`
}
