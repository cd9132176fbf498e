// CEL in Monaco: a Monarch tokenizer for highlighting and one completion provider that asks the DSL which
// names the expression under the cursor may use (variables, data keys, statistics, functions).

import type { DirectoryDocument } from '@routewright/strategy-dsl'
import {
  compileExpression,
  type ExpressionRole,
  expressionNames,
  type StrategyDocument,
} from '@routewright/strategy-dsl'
import type { Monaco } from '../code/monaco-setup.ts'

export const CEL_LANGUAGE = 'cel'

export interface CelScope {
  document: StrategyDocument
  role: ExpressionRole
  directory?: DirectoryDocument | undefined
}

/** The scope of each CEL model, by model URI, read when completing. */
export const celScopes = new Map<string, () => CelScope | undefined>()

let registered = false

export function registerCel(monaco: Monaco): void {
  if (registered) return
  registered = true
  monaco.languages.register({ id: CEL_LANGUAGE })
  monaco.languages.setMonarchTokensProvider(CEL_LANGUAGE, {
    keywords: ['true', 'false', 'null', 'in'],
    operators: ['==', '!=', '<', '<=', '>', '>=', '&&', '||', '!', '+', '-', '*', '/', '%', '?', ':'],
    symbols: /[=><!~?:&|+\-*/^%]+/,
    tokenizer: {
      root: [
        [/[a-zA-Z_][\w]*(?=\s*\()/, 'function'],
        [/[a-zA-Z_][\w]*/, { cases: { '@keywords': 'keyword', '@default': 'identifier' } }],
        [/\d+\.\d+([eE][-+]?\d+)?/, 'number.float'],
        [/0[xX][0-9a-fA-F]+u?|\d+u?/, 'number'],
        [/"([^"\\]|\\.)*"/, 'string'],
        [/'([^'\\]|\\.)*'/, 'string'],
        [/[{}()[\]]/, '@brackets'],
        [/@symbols/, { cases: { '@operators': 'operator', '@default': '' } }],
        [/\/\/.*$/, 'comment'],
      ],
    },
  })
  monaco.languages.setLanguageConfiguration(CEL_LANGUAGE, {
    brackets: [
      ['(', ')'],
      ['[', ']'],
      ['{', '}'],
    ],
  })
  monaco.languages.registerCompletionItemProvider(CEL_LANGUAGE, {
    triggerCharacters: ['.'],
    provideCompletionItems(model, position) {
      const scope = celScopes.get(model.uri.toString())?.()
      if (!scope) return { suggestions: [] }
      const word = model.getWordUntilPosition(position)
      const range = {
        startLineNumber: position.lineNumber,
        endLineNumber: position.lineNumber,
        startColumn: word.startColumn,
        endColumn: word.endColumn,
      }
      const before = model.getLineContent(position.lineNumber).slice(0, word.startColumn - 1)
      const prefix = /([A-Za-z_][\w.]*)\.$/.exec(before)?.[1]
      const names = expressionNames(scope as Parameters<typeof expressionNames>[0])
      const suggestions = names
        .filter((n) =>
          prefix ? n.name.startsWith(`${prefix}.`) : !n.name.includes('.') || n.kind !== 'field',
        )
        .map((n) => {
          const label = prefix ? n.name.slice(prefix.length + 1) : n.name
          return {
            label,
            kind:
              n.kind === 'function'
                ? monaco.languages.CompletionItemKind.Function
                : n.kind === 'field'
                  ? monaco.languages.CompletionItemKind.Field
                  : monaco.languages.CompletionItemKind.Variable,
            detail: n.type,
            documentation: n.description,
            insertText: n.kind === 'function' ? `${label.replace(/\(.*$/, '')}(` : label,
            range,
          }
        })
      return { suggestions }
    },
  })
}

/** Type errors and warnings of `source` in `scope`, as character ranges for markers. */
export function checkCel(source: string, scope: CelScope) {
  if (source.trim() === '') return []
  const result = compileExpression(source, scope as Parameters<typeof compileExpression>[1])
  if ('diagnostics' in result) return result.diagnostics
  return result.warnings
}
