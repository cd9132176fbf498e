// The query of GET /v1/waiting and /v1/agents as zod schemas: serve parses a request's query with them (400 with
// the issues) and the OpenAPI document lists them as the operations' parameters.
import { z } from 'zod'
import {
  DEFAULT_PAGE,
  MAX_CURSOR_CHARS,
  MAX_PAGE,
  MAX_SEARCH_CHARS,
  readAgentCursor,
  readWaitingCursor,
} from '../core/list-page.ts'

const limit = z.coerce
  .number()
  .int()
  .min(1)
  .max(MAX_PAGE)
  .default(DEFAULT_PAGE)
  .describe(`Entries per page, 1 to ${MAX_PAGE}; default ${DEFAULT_PAGE}`)

/** A cursor as its list gave it, read into its key; any other text is an issue (a forged or another list's). */
function cursor<T>(read: (text: string) => T | undefined, list: string) {
  return z
    .string()
    .max(MAX_CURSOR_CHARS)
    .transform((text, ctx) => {
      const value = read(text)
      if (value === undefined)
        ctx.addIssue({
          code: 'custom',
          message: `Not a cursor of ${list}: send the \`next\` of the page before as it was, or leave \`after\` out to start from the first page`,
        })
      return value as T
    })
    .optional()
    .describe(`The \`next\` of the page before (opaque); a cursor stays valid while entries come and go`)
}

const name = z.string().min(1).max(MAX_CURSOR_CHARS)

/** The query of a path that reads none (/v1/monitor, /v1/alarms): any parameter is refused, as a misspelt one is. */
export const noQuery = z.object({}).strict()

// strict: a misspelt parameter (`limt`) is refused, as /v1/events refuses one, not read as the default
export const waitingQuery = z
  .object({
    limit,
    after: cursor(readWaitingCursor, 'GET /v1/waiting'),
    queue: name.optional().describe('Only interactions waiting for this target (one of their `targets`)'),
  })
  .strict()

export const agentQuery = z
  .object({
    limit,
    after: cursor(readAgentCursor, 'GET /v1/agents'),
    id: z
      .string()
      .min(1)
      .max(MAX_CURSOR_CHARS * 8)
      .transform((text) => text.split(','))
      .pipe(z.array(z.string().min(1)).max(MAX_PAGE))
      .optional()
      .describe(
        `Only these agents, ids comma-separated (an agent id holds no comma), at most ${MAX_PAGE}: a host that follows a few agents reads them, not every page`,
      ),
    q: z
      .string()
      .min(1)
      .max(MAX_SEARCH_CHARS)
      .optional()
      .describe(
        `Only agents whose id holds this text anywhere, case ignored (Unicode's default lower case, no other folding), 1 to ${MAX_SEARCH_CHARS} characters: a desktop's transfer search asks for one page of matches, not every agent`,
      ),
    state: name.optional().describe('Only agents in this state (with `media`: in it for that media)'),
    media: name
      .optional()
      .describe(
        "With `state`: the media whose state counts (a state set for that media alone, else the agent's `state`)",
      ),
  })
  .strict()
  .refine((q) => q.media === undefined || q.state !== undefined, {
    path: ['media'],
    message: '`media` says which state `state` filters on: send it with `state` (`?state=ready&media=voice`)',
  })
