// A small JSON Schema (2020-12) checker for the constructs /openapi.json uses, so a test can hold a real answer
// against the document an integrator reads: `$ref`, `type` (with null), `enum`, `const`, `properties`, `required`,
// `additionalProperties`, `propertyNames`, `items`, `anyOf`, `oneOf`, `minimum`, `maxLength`, `pattern`.

type Schema = Record<string, unknown>

/** What in `value` differs from `schema` (`at` paths like `issues[0].code`); empty when it matches. */
export function schemaProblems(value: unknown, schema: Schema, root: Schema, at = '$'): string[] {
  const ref = schema.$ref
  if (typeof ref === 'string') {
    const target = ref
      .replace(/^#\//, '')
      .split('/')
      .reduce<unknown>((node, key) => (node as Schema | undefined)?.[key], root)
    if (!target) return [`${at}: $ref ${ref} names nothing`]
    return schemaProblems(value, target as Schema, root, at)
  }
  const problems: string[] = []
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string]
    if (!types.some((type) => hasType(value, type)))
      return [`${at}: ${JSON.stringify(value)?.slice(0, 80)} is not ${types.join(' | ')}`]
  }
  if (Array.isArray(schema.enum) && !schema.enum.includes(value))
    problems.push(`${at}: ${JSON.stringify(value)} is none of ${JSON.stringify(schema.enum)}`)
  if ('const' in schema && schema.const !== value)
    problems.push(`${at}: ${JSON.stringify(value)} is not ${JSON.stringify(schema.const)}`)
  if (typeof schema.minimum === 'number' && typeof value === 'number' && value < schema.minimum)
    problems.push(`${at}: ${value} is under ${schema.minimum}`)
  if (typeof schema.maxLength === 'number' && typeof value === 'string' && value.length > schema.maxLength)
    problems.push(`${at}: longer than ${schema.maxLength}`)
  if (
    typeof schema.pattern === 'string' &&
    typeof value === 'string' &&
    !new RegExp(schema.pattern, 'u').test(value)
  )
    problems.push(`${at}: does not match ${schema.pattern}`)
  for (const key of ['anyOf', 'oneOf'] as const) {
    const options = schema[key] as Schema[] | undefined
    if (!options) continue
    const matching = options.filter((option) => schemaProblems(value, option, root, at).length === 0).length
    if (key === 'anyOf' ? matching === 0 : matching !== 1)
      problems.push(`${at}: matches ${matching} of ${key}'s ${options.length} schemas`)
  }
  if (Array.isArray(value) && schema.items)
    value.forEach((item, i) => {
      problems.push(...schemaProblems(item, schema.items as Schema, root, `${at}[${i}]`))
    })
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const object = value as Record<string, unknown>
    const properties = (schema.properties ?? {}) as Record<string, Schema>
    for (const name of (schema.required as string[] | undefined) ?? [])
      if (!(name in object)) problems.push(`${at}.${name}: required, missing`)
    for (const [name, field] of Object.entries(object)) {
      if (schema.propertyNames)
        problems.push(...schemaProblems(name, schema.propertyNames as Schema, root, `${at} key ${name}`))
      if (properties[name]) problems.push(...schemaProblems(field, properties[name], root, `${at}.${name}`))
      else if (schema.additionalProperties === false) problems.push(`${at}.${name}: not in the schema`)
      else if (typeof schema.additionalProperties === 'object')
        problems.push(...schemaProblems(field, schema.additionalProperties as Schema, root, `${at}.${name}`))
    }
  }
  return problems
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'null':
      return value === null
    case 'array':
      return Array.isArray(value)
    case 'object':
      return value !== null && typeof value === 'object' && !Array.isArray(value)
    case 'integer':
      return Number.isInteger(value)
    default:
      return typeof value === type
  }
}
