// a caller's id quoted in a message: the path's id may hold a bidi override or a line feed, shown in the text, never obeyed
import { quotedName } from '@routewright/node-support/printable'

/** `"id"`, its control and bidi characters shown as visible ones, a quote in it escaped, cut when long. */
export function quotedId(id: string): string {
  return quotedName(id)
}
