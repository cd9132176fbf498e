// `routewright serve` child processes of the built CLI for tests and benchmarks, and one HTTP call to them that
// answers status 0 when the process is gone, so a host can retry elsewhere.
import { type ChildProcess, spawn } from 'node:child_process'
import { appendFileSync, closeSync, openSync } from 'node:fs'
import { Agent, request } from 'node:http'
import path from 'node:path'
import { tiedCommand } from '@routewright/node-support/tied-child'

const root = path.resolve(import.meta.dirname, '../../..')

export interface ServeProcess {
  url: string
  child: ChildProcess
  /** The file its stdout (the JSON log, and what Node flags such as --trace-gc-nvp print) goes to. */
  log: string
  /** Ends the process with `signal` and waits for it. */
  kill(signal: NodeJS.Signals): Promise<void>
}

/** Processes started in this test process: each logs to a file of its own. */
let started = 0

/**
 * Starts the built CLI's `serve`; resolves with its URL once it listens. Its JSON log goes to `serve-N.log` in
 * `dir`. ROUTEWRIGHT_SERVE_NODE_ARGS adds Node flags to every process (`--cpu-prof --cpu-prof-dir=/tmp/prof`
 * profiles a benchmark's servers; NODE_OPTIONS refuses --cpu-prof), and ROUTEWRIGHT_SERVE_CLI runs another build's
 * `bin/routewright.mjs` (a benchmark of a baseline beside this one).
 */
export async function startServeProcess(
  dir: string,
  extra: string[],
  /** Node flags of the deployment measured (the environment's come after them, so they can override them). */
  flags: readonly string[] = [],
  /** Environment over this process's (a webhook secret): the test's own environment stays as it is. */
  env: Readonly<Record<string, string>> = {},
): Promise<ServeProcess> {
  const n = ++started
  const logPath = path.join(dir, `serve-${n}.log`)
  const log = openSync(logPath, 'a')
  const nodeArgs = (process.env.ROUTEWRIGHT_SERVE_NODE_ARGS ?? '').split(/\s+/).filter((a) => a !== '')
  const child = spawn(
    ...tiedCommand(process.execPath, [
      ...flags,
      ...nodeArgs,
      process.env.ROUTEWRIGHT_SERVE_CLI ?? path.join(root, 'packages/cli/bin/routewright.mjs'),
      'serve',
      '--workspace',
      dir,
      '--port',
      '0',
      '--no-watch',
      ...extra,
    ]),
    { stdio: ['ignore', log, 'pipe'], env: { ...process.env, ...env } },
  )
  closeSync(log)
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()))
  const url = await new Promise<string>((resolve, reject) => {
    let err = ''
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      err += chunk
      try {
        appendFileSync(path.join(dir, `serve-${n}.err`), chunk)
      } catch {
        // the test removed its workspace while the process still wrote: the copy in `err` is enough
      }
      const found = /listening on (http:\/\/[\d.:]+)/.exec(err)
      if (found) resolve(found[1]!)
    })
    child.on('error', (error) => reject(new Error(`serve did not start: ${error.message}`)))
    child.on('close', () => reject(new Error(`serve did not start: ${err}`)))
  })
  return {
    url,
    child,
    log: logPath,
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      await exited
    },
  }
}

const pool = new Agent({ keepAlive: true, maxSockets: 32 })

/** One HTTP call; network errors answer status 0 (the process died) so a host can retry elsewhere. */
export function call(url: string, method: string, body?: unknown): Promise<{ status: number; text: string }> {
  const text = body === undefined ? '' : JSON.stringify(body)
  return new Promise((resolve) => {
    const req = request(
      url,
      {
        method,
        agent: pool,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) },
      },
      (res) => {
        let answer = ''
        res.setEncoding('utf8').on('data', (c: string) => {
          answer += c
        })
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: answer }))
        res.on('error', () => resolve({ status: 0, text: '' }))
      },
    )
    req.on('error', () => resolve({ status: 0, text: '' }))
    req.end(text)
  })
}
