// Loads Monaco from the local package (never a CDN) once per page: workers, YAML language, JSON Schemas.
// Imported only through dynamic import() so the canvas is interactive before Monaco arrives.
import {
  directoryJsonSchema,
  strategyJsonSchema,
  testJsonSchema,
} from '@routewright/strategy-dsl/json-schema'
import * as monaco from 'monaco-editor'
import EditorWorker from 'monaco-editor/editor/editor.worker?worker'
import { configureMonacoYaml, type JSONSchema } from 'monaco-yaml'
import YamlWorker from './yaml.worker.ts?worker'

export type Monaco = typeof monaco

let configured = false

/** The configured Monaco namespace; safe to call from every editor (code view, expression fields). */
export function setupMonaco(): Monaco {
  if (configured) return monaco
  configured = true
  // once getWorker exists it must answer every label; anything but YAML runs in the plain editor worker
  globalThis.MonacoEnvironment = {
    getWorker(_moduleId: string, label: string) {
      return label === 'yaml' ? new YamlWorker() : new EditorWorker()
    },
  }
  configureMonacoYaml(withLegacyWorkers(monaco), {
    enableSchemaRequest: false,
    completion: true,
    hover: true,
    // the DSL's own diagnostics are the markers: they carry stable codes and say how to fix things
    validate: false,
    format: { enable: false },
    schemas: [
      schemaFor('strategy', strategyJsonSchema(), ['**/*.strategy.yaml', '**/*.strategy.yml']),
      schemaFor('directory', directoryJsonSchema(), ['**/*.directory.yaml', '**/*.directory.yml']),
      schemaFor('test', testJsonSchema(), ['**/*.test.yaml', '**/*.test.yml']),
      // the examples' `# yaml-language-server: $schema=../packages/...` lines resolve here (the worker fetches
      // nothing): the same schemas under those addresses
      ...(['strategy', 'directory', 'test'] as const).map((kind) => ({
        uri: `file:///packages/strategy-dsl/schema/${kind}.schema.json`,
        fileMatch: [],
        schema: { strategy: strategyJsonSchema, directory: directoryJsonSchema, test: testJsonSchema }[
          kind
        ]() as JSONSchema,
      })),
    ],
  })
  // one theme name for every editor, redefined when the system switches between light and dark
  const dark = globalThis.matchMedia?.('(prefers-color-scheme: dark)')
  const defineTheme = (isDark: boolean) =>
    monaco.editor.defineTheme('routewright', {
      base: isDark ? 'vs-dark' : 'vs',
      inherit: true,
      rules: [],
      colors: isDark
        ? { 'editor.background': '#1c212b', 'editor.lineHighlightBackground': '#232a36' }
        : { 'editor.lineHighlightBackground': '#f3f6fb' },
    })
  defineTheme(dark?.matches === true)
  dark?.addEventListener('change', (event) => {
    defineTheme(event.matches)
    monaco.editor.setTheme('routewright')
  })
  return monaco
}

/**
 * monaco-yaml 5.5 (through monaco-worker-manager) still calls `editor.createWebWorker({ moduleId, label,
 * createData })`; Monaco 0.57 wants `{ worker }` and silently falls back to the plain editor worker, so
 * completion and hovers never reach the YAML worker. This adapter starts the worker the way Monaco's own
 * language workers are started: a first message to boot, then the create data.
 */
function withLegacyWorkers(api: Monaco): Monaco {
  type LegacyOptions = { label?: string; moduleId?: string; createData?: unknown }
  const createWebWorker = (options: Parameters<Monaco['editor']['createWebWorker']>[0] | LegacyOptions) => {
    if ('worker' in options) return api.editor.createWebWorker(options)
    const worker = options.label === 'yaml' ? new YamlWorker() : new EditorWorker()
    worker.postMessage('ignore')
    worker.postMessage(options.createData)
    return api.editor.createWebWorker({ worker })
  }
  return { ...api, editor: { ...api.editor, createWebWorker } } as Monaco
}

function schemaFor(name: string, schema: object, fileMatch: string[]) {
  return { uri: `routewright://schema/${name}.schema.json`, fileMatch, schema: schema as JSONSchema }
}

/** The model URI of a workspace file, so monaco-yaml picks the schema by the file's suffix. */
export function modelUri(file: string | undefined): monaco.Uri {
  return monaco.Uri.parse(`file:///${(file ?? 'untitled.strategy.yaml').replace(/^\/+/, '')}`)
}
