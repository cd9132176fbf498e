// `routewright lsp`: its name, flags and help, light enough for the dispatch; the work loads on demand.
import type { Command } from '../command.ts'

export const lspCommand: Command = {
  name: 'lsp',
  summary: 'Start the language server (diagnostics, hover, completion, definitions, rename, format)',
  usage: 'routewright lsp --stdio',
  flags: {
    // vscode-languageclient appends its own --stdio to the `lsp --stdio` the extension gives: twice must start
    stdio: {
      type: 'boolean',
      repeatable: true,
      description: 'Speak LSP over standard input and output (the only transport)',
    },
    // vscode-languageclient appends --clientProcessId=<pid> to every server it starts; without it the extension fails
    clientProcessId: {
      type: 'string',
      valueName: '<pid>',
      description: "The editor's process id: the server exits when that process is gone (editors pass it)",
    },
  },
  details: [
    'Editors start it: the VS Code extension in editors/vscode does; for others, run `routewright lsp --stdio`',
    "for files *.strategy.yaml, *.directory.yaml, *.test.yaml and serve's alarms.yaml.",
  ].join('\n'),
  async run(args, io) {
    const { lspRunner } = await import('../commands/lsp.ts')
    return lspRunner.run(args, io)
  },
}
