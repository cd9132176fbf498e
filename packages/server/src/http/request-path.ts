// The path of a request target, as the WHATWG URL parser gives it, without building a URL on every request.

/** Paths the URL parser returns unchanged: only characters it leaves as they are, no query or fragment. */
const PLAIN_PATH = /^\/[\w\-.~!$&'()*+,;=:@%/]*$/
/** What the parser rewrites: `//` (read as a host), `.` and `..` segments, also percent-encoded. */
const NEEDS_PARSER = /\/\/|(^|\/)(\.|%2e){1,2}(\/|$)/i

/** `new URL(target, 'http://localhost').pathname`, answered directly for plain paths (a request's usual case). */
export function pathOf(target: string): string {
  const query = target.indexOf('?')
  const path = query < 0 ? target : target.slice(0, query)
  return PLAIN_PATH.test(path) && !NEEDS_PARSER.test(path)
    ? path
    : new URL(target, 'http://localhost').pathname
}
