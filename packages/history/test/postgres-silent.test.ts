// A PostgreSQL host that accepts connections and never answers (a blackholed server, a firewall that drops): the
// check and openStore give up after the connect timeout (an option; the URL's connect_timeout; 5 s by default) with
// the host named, the password masked and what to do, instead of hanging; openStore waits it out once, not twice. And
// a password with a "/" (which the URL parser reads as the host's port) never shows in a message.
import { type SilentServer, startSilentServer } from '@routewright/node-support/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  checkStore,
  connectTimeoutOf,
  openDatabase,
  openStore,
  postgresProblem,
  redactUrl,
} from '../src/operations-entry.ts'

let silent: SilentServer
beforeAll(async () => {
  silent = await startSilentServer()
})
afterAll(async () => {
  await silent?.close()
})

const NO_ANSWER_FIX =
  'Check that PostgreSQL runs there and that a firewall lets this machine reach the port; a slow server may take longer (?connect_timeout=SECONDS in the URL)'
const noAnswer = (at: string, seconds: number) =>
  `no answer from ${at} within ${seconds} s (it accepts connections but says nothing, or a firewall drops them)`

describe('a host that accepts and never answers', () => {
  it('postgresProblem gives up after the timeout asked for: an outage, the host named', async () => {
    const problem = await postgresProblem(`postgres://u:s3cret@${silent.at}/history`, {
      connectTimeoutMs: 100,
    })
    expect(problem).toEqual({ cause: noAnswer(silent.at, 0.1), fix: NO_ANSWER_FIX, outage: true })
  })

  it('the URL connect_timeout (seconds) sets it, as libpq reads it; 5 s when absent or not a positive number', async () => {
    expect(connectTimeoutOf('postgres://u@h/db')).toBe(5000)
    expect(connectTimeoutOf('postgres://u@h/db?connect_timeout=2')).toBe(2000)
    expect(connectTimeoutOf('postgres://u@h/db?sslmode=disable&connect_timeout=0.25')).toBe(250)
    expect(connectTimeoutOf('postgres://u@h/db?connect_timeout=0')).toBe(5000)
    expect(connectTimeoutOf('postgres://u@h/db?connect_timeout=soon')).toBe(5000)
    const problem = await postgresProblem(`postgres://u:s3cret@${silent.at}/history?connect_timeout=0.1`)
    expect(problem?.cause).toBe(noAnswer(silent.at, 0.1))
  })

  it('checkStore says it with the flag and the masked URL', async () => {
    expect(
      await checkStore(`postgres://u:s3cret@${silent.at}/history`, {
        flag: '--from-store',
        connectTimeoutMs: 100,
      }),
    ).toEqual({
      said: `--from-store postgres://u:***@${silent.at}/history: ${noAnswer(silent.at, 0.1)}`,
      fix: NO_ANSWER_FIX,
      outage: true,
    })
  })

  it('openStore rejects after one wait, in the same words, the password masked', async () => {
    const before = silent.accepted()
    const opening = openStore(`postgres://u:s3cret@${silent.at}/history`, undefined, {
      connectTimeoutMs: 100,
    })
    await expect(opening).rejects.toThrow(
      `Could not open the history at postgres://u:***@${silent.at}/history: ${noAnswer(silent.at, 0.1)}. ${NO_ANSWER_FIX}`,
    )
    // the schema's read timed out, and the migrator did not ask again (it waited the timeout twice)
    expect(silent.accepted() - before).toBe(1)
    const reader = openStore(`postgres://u:s3cret@${silent.at}/history?connect_timeout=0.1`, undefined, {
      readOnly: true,
    })
    await expect(reader).rejects.toThrow(`${noAnswer(silent.at, 0.1)}.`)
  })
})

describe('a password with "/", "?" or "#" (read as the host and port) never shows', () => {
  const urls = [
    'postgres://u:12/34@h/db',
    'postgres://u:12?34@h/db',
    'postgres://u:12#34@h/db',
    'postgres://u:p@ss/34@h/db',
  ]

  it.each(urls)('redactUrl(%s) masks all of it', (url) => {
    expect(redactUrl(url)).toBe('postgres://u:***@h/db')
  })

  it.each(urls)('postgresProblem(%s) says how to write it, without the password', async (url) => {
    const problem = await postgresProblem(url, { connectTimeoutMs: 100 })
    expect(problem).toEqual({
      cause:
        'the password holds a "/", "?" or "#", where the host part would end (it would be read as the host)',
      fix: 'Write it as postgres://user:password@host:5432/database, with @ : / ? # in the user or password percent-encoded (%40 for @)',
      outage: false,
    })
  })

  it('openDatabase refuses it as no store (StoreSpecError), the password masked', async () => {
    await expect(openDatabase('postgres://u:12/34@h/db')).rejects.toThrow(
      'postgres://u:***@h/db: the password holds a "/", "?" or "#", where the host part would end: percent-encode it (%2F for /)',
    )
    await expect(openDatabase('postgres://u:12/34@h/db')).rejects.not.toThrow(/12|34/)
  })

  it('a percent-encoded one is a password like any other', () => {
    expect(redactUrl('postgres://u:12%2F34@h:5432/db')).toBe('postgres://u:***@h:5432/db')
  })
})
