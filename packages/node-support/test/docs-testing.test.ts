// docs/testing.md against what it describes: the Vitest projects of vitest.config.ts and the packages .ci/run
// installs, so a project or a CI dependency added later is not missing from what a newcomer reads (it listed 9 of
// 15 projects and 3 of the 7 packages CI installs). Here beside docs-links.test.ts, the repository's other doc check.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const root = path.resolve(import.meta.dirname, '../../..')
const doc = readFileSync(path.join(root, 'docs/testing.md'), 'utf8')
const named = (word: string) => doc.includes(`\`${word}\``)

describe('docs/testing.md', () => {
  it('names every Vitest project', () => {
    const config = readFileSync(path.join(root, 'vitest.config.ts'), 'utf8')
    const projects = [...config.matchAll(/\bname: '([a-z0-9-]+)'/g)].map((m) => m[1] as string)
    expect(projects.length).toBeGreaterThan(10)
    expect(projects.filter((name) => !named(name))).toEqual([])
  })

  it('names every package the CI script installs', () => {
    const script = readFileSync(path.join(root, '.ci/run'), 'utf8')
    const packages = [...script.matchAll(/need\+=\(([a-z0-9-]+)\)/g)].map((m) => m[1] as string)
    expect(packages.length).toBeGreaterThan(5)
    expect(packages.filter((name) => !named(name))).toEqual([])
  })
})
