// What a server says about the address it listens on, or could not take: the serve command and the designer's
// server word these once, here.

/** 0.0.0.0 or :: — every address of this machine, none of which is one a user can open. */
export function isWildcardHost(host: string): boolean {
  return host === '0.0.0.0' || host === '::'
}

/**
 * The host to put in a URL a user opens on this machine: loopback for a wildcard (Node's :: takes IPv4 too),
 * an IPv6 address in brackets.
 */
export function openableHost(host: string): string {
  if (isWildcardHost(host)) return '127.0.0.1'
  return host.includes(':') ? `[${host}]` : host
}

/** The Host header values a server answers: `has` takes the header as sent, `names` lists them for a refusal. */
export interface AllowedHosts {
  has(hostHeader: string): boolean
  readonly names: readonly string[]
}

/** http's and https's ports: the ones a Host header leaves out (a proxy in front may speak either). */
const DEFAULT_PORTS: ReadonlySet<string> = new Set(['80', '443'])

/**
 * The Host header values a server on `host`:`port` answers (case-insensitive): the loopback names and the address it
 * listens on with its port (bare when the port is 80, as browsers, curl and proxies omit it there), and `extra` names:
 * one given with its port on that port only, a bare one on any port and bare. A Host without a port names the default
 * port, as browsers send it (http://name/ and https://name/ send `name`): a name given with :80 or :443 takes it too,
 * another port only with that port. A browser page whose name was made to
 * resolve to 127.0.0.1 (DNS rebinding) still sends its own name: refused. The designer's server and serve.
 */
export function allowedHostHeaders(host: string, port: number, extra: readonly string[]): AllowedHosts {
  const own = ['127.0.0.1', 'localhost', '[::1]']
  if (!isWildcardHost(host)) own.push(host.includes(':') ? `[${host}]` : host)
  const exact = new Set(own.map((name) => `${name}:${port}`.toLowerCase()))
  // http's default port is the one a Host header leaves out
  if (port === 80) for (const name of own) exact.add(name.toLowerCase())
  const anyPort = new Set<string>()
  for (const name of extra.map((n) => n.toLowerCase())) {
    if (/:\d+$/.test(name)) {
      exact.add(name)
      const port = name.slice(name.lastIndexOf(':') + 1)
      if (DEFAULT_PORTS.has(port)) exact.add(name.slice(0, name.lastIndexOf(':')))
    } else anyPort.add(name)
  }
  return {
    has(hostHeader) {
      const lowered = hostHeader.toLowerCase()
      return exact.has(lowered) || anyPort.has(lowered.replace(/:\d+$/, ''))
    },
    names: [...exact, ...[...anyPort].map((name) => `${name} (any port)`)],
  }
}

/** Why a listen failed and what the operator does about it: the usual three causes; undefined for others. */
export interface ListenFailure {
  /** A sentence without its full stop: what went wrong, naming the host and port. */
  reason: string
  /** A sentence with its full stop: what to change. */
  fix: string
}

export function listenFailure(
  error: NodeJS.ErrnoException,
  host: string,
  port: number,
): ListenFailure | undefined {
  switch (error.code) {
    case 'EADDRINUSE':
      return {
        reason: `Port ${port} on ${host} is already in use`,
        fix: 'Stop the other server or pass --port <n> (--port 0 picks a free one).',
      }
    case 'EACCES':
      return {
        reason: `Not allowed to listen on ${host}:${port}`,
        fix: 'Ports below 1024 need privileges: pass a --port from 1024 up, and put a proxy in front for 80 or 443.',
      }
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return {
        reason: `Cannot listen on host "${host}": no such address on this machine`,
        fix: 'Pass one it has to --host, or 0.0.0.0 for all of them.',
      }
    default:
      return undefined
  }
}
