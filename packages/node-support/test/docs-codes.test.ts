// SPEC.md's diagnostic tables against every package's code, not only the DSL's (spec-codes.test.ts there): the
// CLI's RW09x, serve's RW48x and the language server's codes each have a row, and each row's code is reported
// somewhere, so a code added to or dropped from any package shows here. Beside docs-links.test.ts, the other doc check.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { walkFiles } from '@routewright/node-support'
import { describe, expect, it } from 'vitest'

const root = path.resolve(import.meta.dirname, '../../..')
const spec = readFileSync(path.join(root, 'packages/strategy-dsl/SPEC.md'), 'utf8')
const rows = new Set([...spec.matchAll(/^\| (RW\d{3}) \|/gm)].map((m) => m[1] as string))

/** The codes written in the source of packages/* and apps/* (tests left out: they make up codes such as RW999). */
async function reportedCodes(): Promise<Map<string, string>> {
  const codes = new Map<string, string>()
  for (const top of ['packages', 'apps']) {
    const { files } = await walkFiles(path.join(root, top), {
      accept: (name) => /\.(ts|tsx|mjs)$/.test(name) && !/\.(test|bench)\.tsx?$/.test(name),
    })
    for (const file of files) {
      const relative = path.relative(root, file)
      if (!/^(packages|apps)\/[^/]+\/(src|server)\//.test(relative)) continue
      for (const code of readFileSync(file, 'utf8').match(/RW\d{3}/g) ?? []) codes.set(code, relative)
    }
  }
  return codes
}

describe('SPEC.md diagnostic codes across the packages', () => {
  it('has a row for every code any package reports, and reports every code it has a row for', async () => {
    const codes = await reportedCodes()
    expect(codes.size).toBeGreaterThan(100)
    expect(
      [...codes].filter(([code]) => !rows.has(code)).map(([code, file]) => `${code} in ${file}`),
    ).toEqual([])
    expect([...rows].filter((code) => !codes.has(code)).sort()).toEqual([])
  })
})
