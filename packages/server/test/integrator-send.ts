// A request as an integrator sends it to a real serve, shared by the error and OpenAPI tests.

export interface Answer {
  status: number
  body: unknown
  /** The answer's headers, when `integratorSend` was asked for them (a test comparing whole answers leaves them). */
  headers?: Headers
}

/**
 * `send(method, path, body?, headers?)` against the serve `url()` gives (read when sending: the server starts in
 * beforeAll): the token unless `headers` replace them; the answer's status and JSON (and its headers `withHeaders`).
 */
export function integratorSend(url: () => string, token: string, { withHeaders = false } = {}) {
  return async (
    method: string,
    path: string,
    body?: string,
    headers?: Record<string, string>,
  ): Promise<Answer> => {
    const response = await fetch(`${url()}${path}`, {
      method,
      headers: headers ?? { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body }),
    })
    const answer: Answer = { status: response.status, body: await response.json() }
    if (withHeaders) answer.headers = response.headers
    return answer
  }
}
