// pure: the names an expression may use in a scope, for completions and hovers in the designer.
import {
  AGENT_FIELDS,
  AGENT_SCHEMA,
  BUILTIN_NAMES,
  FUNCTIONS,
  INTERACTION_FIELDS,
  RESERVED_WORDS,
  scopeKindOf,
} from './environment.ts'
import type { ExpressionName, ExpressionScope } from './types.ts'

export function expressionNames(scope: ExpressionScope): ExpressionName[] {
  const { document, directory } = scope
  const names: ExpressionName[] = [
    { name: 'data', type: 'map', description: 'Interaction data declared under inputs', kind: 'variable' },
  ]
  for (const [name, field] of Object.entries(document.inputs ?? {})) {
    names.push({
      name: `data.${name}`,
      type: field.type,
      description: field.description ?? `Input ${name}`,
      kind: 'field',
    })
  }
  names.push(...INTERACTION_FIELDS)
  for (const [name, field] of Object.entries(document.variables ?? {})) {
    if (RESERVED_WORDS.has(name) || BUILTIN_NAMES.has(name)) continue
    names.push({
      name,
      type: field.type,
      description: field.description ?? `Variable ${name}`,
      kind: 'variable',
    })
  }
  if (scopeKindOf(scope.role) === 'agent') {
    names.push(...AGENT_FIELDS)
    for (const [field, type] of Object.entries(AGENT_SCHEMA)) {
      names.push({
        name: `agent.${field}`,
        type,
        description: `The candidate agent's ${field}`,
        kind: 'field',
      })
    }
    for (const [skill, info] of Object.entries(directory?.skills ?? {})) {
      names.push({
        name: `skills.${skill}`,
        type: 'int',
        description: info.title ?? `Level of skill ${skill}`,
        kind: 'field',
      })
    }
  }
  names.push(...FUNCTIONS)
  return names
}
