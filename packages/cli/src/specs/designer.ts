// `routewright designer`: its name, flags and help, light enough for the dispatch; the work loads on demand.
import type { Command } from '../command.ts'

export const designerCommand: Command = {
  name: 'designer',
  summary: 'Open the visual designer on a workspace (with Reports from a store and a live Monitor of serve)',
  usage:
    'routewright designer [--workspace <dir>] [--port <n>] [--host <address>] [--store <sqlite:FILE|postgres://...>] [--serve <url>] [--no-open]\n       [--token <secret> --allowed-host <name>]   # beyond loopback (--host 0.0.0.0)',
  flags: {
    workspace: {
      type: 'string',
      valueName: '<dir>',
      description: "Folder of strategies (default: the repository's examples/, wherever you run it)",
    },
    port: { type: 'string', valueName: '<n>', description: 'Port (default 5173; 0 picks a free one)' },
    host: {
      type: 'string',
      valueName: '<address>',
      description: 'Address to bind (default 127.0.0.1; any other needs --token and --allowed-host)',
    },
    token: {
      type: 'string',
      valueName: '<secret>',
      description:
        'Access token (16+ characters) every request must carry, needed beyond loopback (default $ROUTEWRIGHT_DESIGNER_TOKEN)',
    },
    'allowed-host': {
      type: 'string',
      multiple: true,
      valueName: '<name>',
      description: 'A host name clients reach the designer by, needed beyond loopback (repeatable)',
    },
    store: {
      type: 'string',
      valueName: '<sqlite:FILE|postgres://...>',
      description: 'History store the Reports view reads (the one serve --store writes)',
    },
    serve: {
      type: 'string',
      valueName: '<url>',
      description:
        'A running routewright serve for the Monitor view (start it with --allow-origin <designer URL>)',
    },
    'no-open': { type: 'boolean', description: 'Do not open a browser' },
  },
  details: [
    'The designer ships with the Routewright repository: run `npm run build` there first.',
    '',
    'Example:',
    '  routewright serve --workspace examples --allow-origin http://127.0.0.1:5173 &',
    '  routewright designer --workspace examples --store sqlite:history.db --serve http://127.0.0.1:8380',
  ].join('\n'),
  async run(args, io) {
    const { designerRunner } = await import('../commands/designer.ts')
    return designerRunner.run(args, io)
  },
}
