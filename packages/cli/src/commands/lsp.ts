// `routewright lsp --stdio`: the language server for editors, speaking LSP on standard input and output.
import { startServer } from '@routewright/language-server'
import { createConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node'
import { UsageError } from '../args.ts'
import type { CommandRunner } from '../command.ts'
import { SPEC_URL, VERSION } from '../meta.ts'

/** What `routewright lsp` does, loaded only when it runs; its flags and help are in specs/lsp.ts. */
export const lspRunner: CommandRunner = {
  async run({ flags }) {
    if (flags.stdio !== true) throw new UsageError('lsp needs --stdio', 'Try: routewright lsp --stdio')
    const pid = flags.clientProcessId
    // vscode-languageserver reads the flag from process.argv itself and watches that process; here it is only checked
    if (pid !== undefined && (typeof pid !== 'string' || !/^[1-9]\d{0,9}$/.test(pid)))
      throw new UsageError(
        `--clientProcessId must be a process id (a positive whole number), not ${JSON.stringify(pid)}`,
        'Editors pass it themselves; leave it out when starting the server by hand',
      )
    const connection = createConnection(
      new StreamMessageReader(process.stdin),
      new StreamMessageWriter(process.stdout),
    )
    // the connection ends the process itself on `exit`; an editor that goes away closes standard input instead:
    // then the command ends with 1, as LSP asks for an end without shutdown (it was node's 13, an unsettled await)
    return new Promise<number>((resolve) => {
      process.stdin.once('end', () => resolve(1))
      startServer(connection, { docsUrl: SPEC_URL, version: VERSION })
    })
  },
}
