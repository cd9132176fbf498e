// pure: what the agent who logged in is told of the agent their login signed out (the login answer's `signedOut`).
import { assertNever } from './desktop-state.ts'
import type { SignedOut } from './types.ts'

/** The notice for the agent who logged in: whose session ended, and whether the router still offers them calls. */
export function signedOutNotice(out: SignedOut): string {
  const signed = `Signed out ${out.agent}'s session on this phone`
  switch (out.serve) {
    case 'logged-out':
      return `${signed}: they are logged out.`
    case 'after-call':
      return `${signed}; they were busy: logged out after their call.`
    case 'not-taken':
      return `${signed}, but the router did not take their logout (${out.error}): it may still offer them calls. Ask them or a supervisor to log them out.`
    default:
      return assertNever(out)
  }
}
