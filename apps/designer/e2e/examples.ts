// The repository's examples as the browser tests open them: every strategy, and the files where `tier` is a whole
// word (what the find-and-replace and Save all tests replace across).
import { readdirSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'

const EXAMPLES = resolve(import.meta.dirname, '../../../examples')

/** Every example strategy file, by name. */
export const EXAMPLE_STRATEGIES = readdirSync(EXAMPLES)
  .filter((f) => f.endsWith('.strategy.yaml'))
  .sort()

/** Every file where `tier` is a whole word: three strategies, their directory and two test files, in list order. */
export const TIER_FILES = [
  'callback-offer.strategy.yaml',
  'contact-center.directory.yaml',
  'identify-caller.strategy.yaml',
  'identify-caller.test.yaml',
  'vip-routing.strategy.yaml',
  'vip-routing.test.yaml',
]

/** An example file's text as the repository has it (what the test's workspace copy started from). */
export function original(path: string): Promise<string> {
  return readFile(join(EXAMPLES, path), 'utf8')
}
