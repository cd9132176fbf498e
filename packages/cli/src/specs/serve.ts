// `routewright serve`: its name, flags and help, light enough for the dispatch; the work loads on demand.
import type { Command } from '../command.ts'

/** The server's TOKEN_ENV, spelled here so help does not load the server (serve-command.test.ts compares). */
export const TOKEN_ENV = 'ROUTEWRIGHT_API_TOKEN'
export const SECRET_ENV = 'ROUTEWRIGHT_WEBHOOK_SECRET'

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Serve the routing API (HTTP, events, webhooks, metrics) for a workspace of strategies',
  usage:
    'routewright serve --workspace <dir> [--directory <file>] [--port <n>] [--host <address>] [--token-file <file>] [--webhook-url <url> [--webhook-events <types>]] [--assignment-url <url>] [--store <sqlite:FILE|postgres://...>] [--allow-origin <url>] [--allowed-host <name>] [--redis <url>] [--limits <json|@file>] [...]',
  flags: {
    workspace: {
      type: 'string',
      valueName: '<dir>',
      description: 'Folder of *.strategy.yaml files and the directory',
    },
    directory: {
      type: 'string',
      valueName: '<file>',
      description: 'Directory file (default: the single *.directory.yaml in the workspace)',
    },
    port: { type: 'string', valueName: '<n>', description: 'Port (default 8380; 0 picks a free one)' },
    host: {
      type: 'string',
      valueName: '<address>',
      description: `Address to bind (default 127.0.0.1; any other needs an API token of 16+ characters: ${TOKEN_ENV} or --token-file)`,
    },
    'token-file': {
      type: 'string',
      valueName: '<file>',
      description: `File holding the API token, or a pipe such as <(pass show routewright) read within 10 s (or set ${TOKEN_ENV})`,
    },
    'webhook-url': {
      type: 'string',
      valueName: '<url>',
      description: `POST every event there, signed with ${SECRET_ENV}`,
    },
    'webhook-events': {
      type: 'string',
      valueName: '<types>',
      description:
        'Only these event types go to --webhook-url, comma-separated (e.g. routed,finished,agent-state; default all)',
    },
    'assignment-url': {
      type: 'string',
      valueName: '<url>',
      description:
        'POST each reservation the router offers there (not a connect the host made); answer {"instruction":"accept"|"reject"}',
    },
    store: {
      type: 'string',
      valueName: '<sqlite:FILE|postgres://...>',
      description: 'Record every interaction into this history store (read it with routewright report)',
    },
    'store-spool': {
      type: 'string',
      valueName: '<file>',
      description:
        'Where records wait while the store is down (default: beside the SQLite file; required with PostgreSQL: ' +
        'one file per process, kept across restarts); ' +
        'records the store refuses go to <file>.refused',
    },
    'store-window-read': {
      type: 'string',
      valueName: '<duration>',
      description:
        "With --store: how long the start waits to read the monitor's window back from the store, e.g. 5s, 30s " +
        '(default 5s; 1s to 10m); past it the window counts from the oldest arrival read',
    },
    'allow-origin': {
      type: 'string',
      valueName: '<url>',
      multiple: true,
      description: 'Let pages from this origin read the API and events (CORS), e.g. the designer; repeatable',
    },
    'allowed-host': {
      type: 'string',
      valueName: '<name>',
      multiple: true,
      description:
        'On loopback, a Host name answered besides 127.0.0.1, localhost and [::1] (a proxy in front), e.g. ' +
        'routing.internal (any port, or none) or routing.internal:8443 (that port only; :80 or :443 also a Host without a port, which names the default port as browsers send it); any other is refused (DNS rebinding); repeatable',
    },
    'no-watch': {
      type: 'boolean',
      description: 'Do not reload on file changes (POST /v1/reload still does)',
    },
    'log-level': { type: 'string', choices: ['debug', 'info', 'warn', 'error'], description: 'Default info' },
    redis: {
      type: 'string',
      valueName: '<url>',
      description: 'Share routing with every serve on this Redis (redis://host:port): one routes, all serve',
    },
    'redis-prefix': {
      type: 'string',
      valueName: '<prefix>',
      description: 'Key prefix in Redis, one per cluster (default routewright:)',
    },
    takeover: {
      type: 'string',
      valueName: '<ms>',
      description: 'With --redis: a dead routing process is replaced within this time (default 5000)',
    },
    'commit-linger': {
      type: 'string',
      valueName: '<ms>',
      description:
        "With --redis: a confirm's, complete's or agent state's change waits up to this long to share the next submit's Redis commit (0 to 50; default 0: each at once; 2 halves the commits)",
    },
    'closed-max': {
      type: 'string',
      valueName: '<n>',
      description:
        'Ended interactions kept readable by id, and refused again as already ended (default 10000; 1 to 1000000)',
    },
    limits: {
      type: 'string',
      valueName: '<json|@file>',
      description:
        'Router limits over the defaults, e.g. \'{"maxDataChars":131072,"maxIdChars":512}\' (the submit check, the body limit and the routing process follow them)',
    },
    'closed-ttl': {
      type: 'string',
      valueName: '<duration>',
      description:
        'With --redis: how long ended interactions stay in Redis, e.g. 24h, 90m (default 24h; 1s to 720h)',
    },
  },
  details: [
    'Logs are JSON lines on stdout. The API is described at /openapi.json; events stream at /v1/events (SSE).',
    'Strategy changes in the workspace are validated in full and applied atomically; a broken change is refused.',
    '',
    'With --redis, several serve processes share agents, reservations, queues and interactions: one of them routes',
    'under a lease, the others forward to it, and another takes over when it stops or dies.',
    'Ended interactions stay readable (and refused again) from every process for --closed-ttl, at most --closed-max.',
    '',
    'Example:',
    '  routewright serve --workspace examples --port 8380',
    '  routewright serve --workspace examples --port 8381 --redis redis://127.0.0.1:6379',
  ].join('\n'),
  async run(args, io) {
    const { serveRunner } = await import('../commands/serve.ts')
    return serveRunner.run(args, io)
  },
}
