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
  configureMonacoYaml(monaco, {
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
    ],
  })
  monaco.editor.defineTheme('routewright', {
    base: 'vs',
    inherit: true,
    rules: [],
    colors: { 'editor.lineHighlightBackground': '#f3f6fb' },
  })
  return monaco
}

function schemaFor(name: string, schema: object, fileMatch: string[]) {
  return { uri: `routewright://schema/${name}.schema.json`, fileMatch, schema: schema as JSONSchema }
}

/** The model URI of a workspace file, so monaco-yaml picks the schema by the file's suffix. */
export function modelUri(file: string | undefined): monaco.Uri {
  return monaco.Uri.parse(`file:///${(file ?? 'untitled.strategy.yaml').replace(/^\/+/, '')}`)
}
