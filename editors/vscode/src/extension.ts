// The VS Code extension: starts `routewright lsp --stdio` (the bundled server, or a configured binary) for
// strategy, directory and test files, and serve's alarms.yaml.
import os from 'node:os'
import path from 'node:path'
import { type ExtensionContext, window, workspace } from 'vscode'
import {
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node'
import { serverLaunch } from './server-launch.ts'

let client: LanguageClient | undefined

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

/** Starts the server the settings name; a wrong `routewright.server.path` is an error message, not a silent nothing. */
async function startClient(context: ExtensionContext): Promise<void> {
  const launch = serverLaunch(
    workspace.getConfiguration('routewright').get<string>('server.path', ''),
    context.asAbsolutePath(path.join('dist', 'server.mjs')),
    (workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath),
    os.homedir(),
  )
  if (!launch.ok) {
    void window.showErrorMessage(launch.message)
    return
  }
  const serverOptions: ServerOptions =
    launch.kind === 'module'
      ? { module: launch.path, args: launch.args, transport: TransportKind.stdio }
      : { command: launch.path, args: launch.args, transport: TransportKind.stdio }
  client = new LanguageClient('routewright', 'Routewright', serverOptions, clientOptions)
  await client.start()
}

export async function activate(context: ExtensionContext): Promise<void> {
  // a changed server path takes effect at once: the old server stops, the new one starts (or its problem shows)
  context.subscriptions.push(
    workspace.onDidChangeConfiguration(async (event) => {
      if (!event.affectsConfiguration('routewright.server.path')) return
      await client?.stop()
      client = undefined
      await startClient(context)
    }),
  )
  await startClient(context)
}

export async function deactivate(): Promise<void> {
  await client?.stop()
}
