// A test's Kamailio config: the repository's template with one line edited (a timer shortened or raised), written
// into a run folder the test owns, for StackOptions' `runDir` and `kamailioConfig`.
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { expect } from 'vitest'
import { KAMAILIO_CONFIG } from '../src/index.ts'
import type { KeepStack } from './stack-report.ts'

/** A run folder whose Kamailio config template has every `line` replaced by `by` (the line must be there). */
export function kamailioConfigWith(keep: KeepStack, line: string, by: string) {
  const runDir = keep.runDir()
  const kamailioConfig = path.join(runDir, 'kamailio.template.cfg')
  const template = readFileSync(KAMAILIO_CONFIG, 'utf8')
  expect(template).toContain(line)
  writeFileSync(kamailioConfig, template.replaceAll(line, by))
  return { runDir, kamailioConfig }
}
