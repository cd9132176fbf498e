// Why the browser failed a request to serve without an answer: nothing answers there, or serve answers but does not
// allow this page (the browser hides which). An opaque no-cors request tells them apart: it only fails when nothing
// answers. One copy for the Monitor's connection line and a supervisor action's refusal.

/** What is behind a request failed without an answer, and what to do about it. */
export type ServeReach = { answers: boolean; advice: string }

/**
 * Asks serve at `serve` once more with a no-cors request through `fetch`; `origin` (this page's) is named in the
 * `--allow-origin` serve needs.
 */
export async function serveReach(
  fetch: (input: string, init: RequestInit) => Promise<Response>,
  serve: string,
  origin: string | undefined,
  signal?: AbortSignal,
): Promise<ServeReach> {
  const page = origin ?? "this page's address"
  // /healthz: open without a token and cheap (the monitor snapshot would be built for an answer nobody reads)
  const answers = await fetch(`${serve}/healthz`, { mode: 'no-cors', ...(signal ? { signal } : {}) }).then(
    () => true,
    () => false,
  )
  return {
    answers,
    advice: answers
      ? `serve at ${serve} answers but does not allow this page: restart it with --allow-origin ${page}`
      : `nothing answers at ${serve}: start serve there (routewright serve --workspace <folder> --allow-origin ${page}) or correct the address`,
  }
}
