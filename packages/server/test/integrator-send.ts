// A request as an integrator sends it to a real serve, shared by the error and OpenAPI tests.

export interface Answer {
  status: number
  body: unknown
  headers: Headers
}

/**
 * `send(method, path, body?, headers?)` against the serve `url()` gives (read when sending: the server starts in
 * beforeAll): the token unless `headers` replace them; the answer's status, JSON and headers.
 */
export function integratorSend(url: () => string, token: string) {
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
    return { status: response.status, body: await response.json(), headers: response.headers }
  }
}
