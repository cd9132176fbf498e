// The VS Code extension: starts `routewright lsp --stdio` (the bundled server, or a configured binary) for
// strategy, directory and test files, and serve's alarms.yaml.
import path from 'node:path'
import { type ExtensionContext, workspace } from 'vscode'
import {
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node'

let client: LanguageClient | undefined

export async function activate(context: ExtensionContext): Promise<void> {
  const configured = workspace.getConfiguration('routewright').get<string>('server.path', '')
  const serverOptions: ServerOptions = configured
    ? { command: configured, args: ['lsp', '--stdio'], transport: TransportKind.stdio }
    : {
        module: context.asAbsolutePath(path.join('dist', 'server.mjs')),
        args: ['lsp', '--stdio'],
        transport: TransportKind.stdio,
      }
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml', pattern: '**/*.{strategy,directory,test}.{yaml,yml}' },
      { scheme: 'file', language: 'json', pattern: '**/*.{strategy,directory,test}.json' },
      // serve's alarm rules: checked as validate checks them (RW480-RW482)
      { scheme: 'file', language: 'yaml', pattern: '**/alarms.yaml' },
    ],
    // no synchronize.fileEvents: the server registers its own watchers (VS Code allows dynamic registration), and a
    // second watcher here sent every file event twice, each one re-reading the file and revalidating the workspace
  }
  client = new LanguageClient('routewright', 'Routewright', serverOptions, clientOptions)
  await client.start()
}

export async function deactivate(): Promise<void> {
  await client?.stop()
}
