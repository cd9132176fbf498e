import { describe, expect, it } from 'vitest'
import { signedOutNotice } from './signed-out.ts'

describe('the notice of another agent signed out by this login', () => {
  it.each([
    [
      { agent: 'ann', serve: 'logged-out' } as const,
      "Signed out ann's session on this phone: they are logged out.",
    ],
    [
      { agent: 'ann', serve: 'after-call' } as const,
      "Signed out ann's session on this phone; they were busy: logged out after their call.",
    ],
    [
      { agent: 'ann', serve: 'not-taken', error: 'serve is restarting' } as const,
      "Signed out ann's session on this phone, but the router did not take their logout (serve is restarting): it may still offer them calls. Ask them or a supervisor to log them out.",
    ],
  ])('says what became of %o', (out, notice) => {
    expect(signedOutNotice(out)).toBe(notice)
  })
})
