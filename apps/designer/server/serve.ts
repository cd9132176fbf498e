// Entry point bundled to dist-server/serve.mjs: `node apps/designer/dist-server/serve.mjs --workspace examples`.
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runDesignerCli } from './cli.ts'

const outcome = await runDesignerCli(process.argv.slice(2), {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
  cwd: process.cwd(),
  env: process.env,
  serverDir: dirname(fileURLToPath(import.meta.url)),
})

if (outcome.exitCode !== undefined) {
  process.exitCode = outcome.exitCode
} else {
  const { server } = outcome
  let stopping = false
  const stop = () => {
    if (stopping) process.exit(1) // a second Ctrl-C does not wait
    stopping = true
    void server.close().then(() => process.exit(0))
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
  // one bad request must not take the user's editing session down with it; each write is atomic anyway
  process.on('uncaughtException', (error) => {
    console.error(`Internal error (the server keeps running; please report it): ${error.stack ?? error}`)
  })
}
