// pure: a workspace file parsed by its kind's own reader into the lists where-used reads (the CLI and the designer
// read files their own way, then both keep them here).
import type { DirectoryDocument } from '../directory.ts'
import type { StrategyDocument } from '../document.ts'
import { safeParseDirectory, safeParseStrategy, safeParseTestDocument } from '../parse/parse.ts'
import type { TestDocument } from '../test-file.ts'
import type { UsageFile } from './use.ts'

/** The DSL's own file kinds, each with its list (alarms.yaml is parsed by serve's reader and kept by the caller). */
export interface UsageFileLists {
  strategies: UsageFile<StrategyDocument>[]
  directories: UsageFile<DirectoryDocument>[]
  tests: UsageFile<TestDocument>[]
}

/**
 * Parses `input` (text or bytes) as a `kind` file and adds it to its list; false when it does not parse (a use is
 * never guessed).
 */
export function addUsageFile(
  into: UsageFileLists,
  kind: 'strategy' | 'directory' | 'test',
  file: string,
  input: string | Uint8Array,
): boolean {
  const options = { file }
  if (kind === 'strategy') {
    const parsed = safeParseStrategy(input, options)
    if (parsed.success) into.strategies.push({ file, document: parsed.data, locator: parsed.locator })
    return parsed.success
  }
  if (kind === 'directory') {
    const parsed = safeParseDirectory(input, options)
    if (parsed.success) into.directories.push({ file, document: parsed.data, locator: parsed.locator })
    return parsed.success
  }
  const parsed = safeParseTestDocument(input, options)
  if (parsed.success) into.tests.push({ file, document: parsed.data, locator: parsed.locator })
  return parsed.success
}
