// pure: the one control-character rule for text that goes into log lines, CSV, reports and report keys; here, at the
// bottom of the packages, so the DSL's checks (RW213) and the runtime's, serve's and telephony's use one copy.

/**
 * Whether a UTF-16 code is a control character (Unicode Cc: C0 U+0000-U+001F, DEL U+007F, C1 U+0080-U+009F): the
 * one rule for text a host or a supervisor gives that goes into log lines, CSV and reports (ids, addresses, reasons,
 * transfer targets, supervisors' names, skill expressions). C1 too: NEL (U+0085) breaks lines and CSI (U+009B)
 * drives terminals.
 */
export function isControlCode(code: number): boolean {
  return code < 0x20 || (code >= 0x7f && code <= 0x9f)
}

/**
 * Where the first control character (isControlCode) of `text` is, or -1: a loop, not a regex, on the submit path.
 * `allowed` are codes let through (a skill expression's tab, line feed and carriage return are white space).
 */
export function controlAt(text: string, allowed?: ReadonlySet<number>): number {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (isControlCode(code) && !allowed?.has(code)) return i
  }
  return -1
}

/**
 * `text` with each control character (isControlCode) but the `allowed` codes replaced by `replace(code)`: for text
 * that is shown or sent on rather than refused (a terminal's output, a SIP header). `text` itself when it holds none.
 */
export function replaceControlCharacters(
  text: string,
  replace: (code: number) => string,
  allowed?: ReadonlySet<number>,
): string {
  let at = controlAt(text, allowed)
  if (at < 0) return text
  let out = ''
  let from = 0
  for (; at < text.length; at++) {
    const code = text.charCodeAt(at)
    if (!isControlCode(code) || allowed?.has(code)) continue
    out += text.slice(from, at) + replace(code)
    from = at + 1
  }
  return out + text.slice(from)
}

/**
 * Why `text` is refused for a control character, in the one wording of every caller (`subject` names the field:
 * `Interaction "id"`, `"reason"`, `The supervisor name`), or undefined when it holds none.
 */
export function controlCharacterProblem(subject: string, text: string): string | undefined {
  const at = controlAt(text)
  if (at < 0) return undefined
  return `${subject} holds a control character (code ${text.charCodeAt(at)} at position ${at}); remove it: it would break the log lines and reports it is copied into`
}
