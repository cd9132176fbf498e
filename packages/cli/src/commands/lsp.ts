// `routewright lsp --stdio`: the language server for editors, speaking LSP on standard input and output.
import { startServer } from '@routewright/language-server'
import { createConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node'
import { UsageError } from '../args.ts'
import type { Command } from '../command.ts'
import { SPEC_URL, VERSION } from '../meta.ts'

export const lspCommand: Command = {
  name: 'lsp',
  summary: 'Start the language server (diagnostics, hover, completion, definitions, rename, format)',
  usage: 'routewright lsp --stdio',
  flags: {
    stdio: { type: 'boolean', description: 'Speak LSP over standard input and output (the only transport)' },
  },
  details: [
    'Editors start it: the VS Code extension in editors/vscode does; for others, run `routewright lsp --stdio`',
    'for files *.strategy.yaml, *.directory.yaml and *.test.yaml.',
  ].join('\n'),
  async run({ flags }) {
    if (flags.stdio !== true) throw new UsageError('lsp needs --stdio', 'Try: routewright lsp --stdio')
    const connection = createConnection(
      new StreamMessageReader(process.stdin),
      new StreamMessageWriter(process.stdout),
    )
    // the connection ends the process itself on `exit`; until then this command never returns
    return new Promise<number>(() => {
      startServer(connection, { docsUrl: SPEC_URL, version: VERSION })
    })
  },
}
