// Parses the designer server's command line into options, or a message saying what is wrong.

export interface CliOptions {
  port: number
  host: string
  workspace: string | undefined
  dist: string | undefined
  open: boolean
  help: boolean
  /** Required with a non-loopback --host (or ROUTEWRIGHT_DESIGNER_TOKEN in the environment). */
  token?: string
  /** Host names clients use to reach a non-loopback server. */
  allowedHosts: string[]
  /** `sqlite:FILE` or `postgres://...`: the history store of the Reports view. */
  store?: string
  /** serve's URL for the Monitor view. */
  serve?: string
}

export type ParsedArgs = { ok: true; options: CliOptions } | { ok: false; message: string }

export const USAGE = `Usage: serve.mjs [--workspace <dir>] [--port <n>] [--host <addr>] [--no-open] [--dist <dir>]
                 [--store <spec>] [--serve <url>]

  --workspace <dir>  folder with *.strategy.yaml, *.directory.yaml and *.test.yaml files (default: the repository's examples/)
  --port <n>         port to listen on (default 5173; 0 picks a free port)
  --host <addr>      address to bind (default 127.0.0.1; anything else exposes your files to the network
                     and needs --token and --allowed-host)
  --token <secret>   access token (16+ characters) every request must carry; default $ROUTEWRIGHT_DESIGNER_TOKEN
  --allowed-host <name>  a host name clients use to reach the server (repeatable, or comma-separated)
  --store <spec>     history store for reports: sqlite:FILE or postgres://user@host/db
  --serve <url>      a running \`routewright serve\` for the Monitor view (e.g. http://127.0.0.1:8380)
  --no-open          do not open a browser
  --dist <dir>       folder with the built designer (default: the dist/ beside this server)`

export function parseCliArgs(argv: readonly string[]): ParsedArgs {
  const options: CliOptions = {
    port: 5173,
    host: '127.0.0.1',
    workspace: undefined,
    dist: undefined,
    open: true,
    help: false,
    allowedHosts: [],
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    const eq = arg.indexOf('=')
    const flag = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg
    const inline = arg.startsWith('--') && eq > 0 ? arg.slice(eq + 1) : undefined
    const value = (): string | undefined => (inline !== undefined ? inline : argv[++i])
    switch (flag) {
      case '--help':
      case '-h':
        options.help = true
        break
      case '--no-open':
        options.open = false
        break
      case '--port': {
        const raw = value()
        const port = raw === undefined ? Number.NaN : Number(raw)
        if (!Number.isInteger(port) || port < 0 || port > 65535 || raw?.trim() === '') {
          return { ok: false, message: `--port needs a number from 0 to 65535, got "${raw ?? ''}".` }
        }
        options.port = port
        break
      }
      case '--host':
      case '--workspace':
      case '--dist':
      case '--token':
      case '--store':
      case '--serve':
      case '--allowed-host': {
        const raw = value()
        if (raw === undefined || raw === '' || raw.startsWith('--')) {
          return { ok: false, message: `${flag} needs a value.` }
        }
        if (flag === '--host') options.host = raw
        else if (flag === '--workspace') options.workspace = raw
        else if (flag === '--token') options.token = raw
        else if (flag === '--store') {
          if (!/^(sqlite:.+|postgres(ql)?:\/\/.+)$/.test(raw))
            return { ok: false, message: `--store takes sqlite:FILE or postgres://..., got "${raw}".` }
          options.store = raw
        } else if (flag === '--serve') {
          if (!/^https?:\/\/[^\s/]+/.test(raw))
            return {
              ok: false,
              message: `--serve takes serve's URL, e.g. http://127.0.0.1:8380, got "${raw}".`,
            }
          options.serve = raw.replace(/\/+$/, '')
        } else if (flag === '--allowed-host')
          options.allowedHosts.push(...raw.split(',').filter((h) => h !== ''))
        else options.dist = raw
        break
      }
      default:
        return { ok: false, message: `Unknown argument "${arg}".\n${USAGE}` }
    }
  }
  return { ok: true, options }
}
