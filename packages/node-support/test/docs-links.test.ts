// The repository's markdown links: every relative link names a file that exists and every #anchor a heading of it,
// so moving a section out of a README cannot leave a newcomer on a dead link. Here because this project starts no
// server (the check takes well under a second) and the walk is this package's.
import { existsSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { walkFiles } from '@routewright/node-support'
import { describe, expect, it } from 'vitest'

const root = path.resolve(import.meta.dirname, '../../..')

/** Text outside fenced code blocks, where a `](...)` or a `#` line is not markdown. */
function prose(text: string): string {
  return text.replace(/^(```|~~~)[\s\S]*?^\1/gm, '')
}

/** GitHub's anchors for a file's headings: lower case, punctuation dropped, spaces to dashes, repeats numbered. */
function anchorsOf(text: string): Set<string> {
  const anchors = new Set<string>()
  const seen = new Map<string, number>()
  for (const match of prose(text).matchAll(/^#{1,6}[ \t]+(.+?)[ \t]*#*$/gm)) {
    const slug = match[1]!
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-')
    const count = seen.get(slug) ?? 0
    seen.set(slug, count + 1)
    anchors.add(count === 0 ? slug : `${slug}-${count}`)
  }
  return anchors
}

/** The relative links of a markdown text (inline code dropped: `[x](y)` written as code is no link). */
function relativeLinks(text: string): string[] {
  const outsideCode = prose(text).replace(/`[^`\n]*`/g, '')
  return [...outsideCode.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((match) => match[1]!)
    .filter((target) => !/^[a-z][a-z+.-]*:/i.test(target))
}

/** What is wrong with each relative link of `file` (its `text`), as `file: link (why)`. */
function deadLinks(file: string, text = readFileSync(file, 'utf8')): string[] {
  const dead: string[] = []
  for (const link of relativeLinks(text)) {
    const [target = '', anchor] = link.split('#')
    const resolved = target === '' ? file : path.resolve(path.dirname(file), decodeURI(target))
    const where = `${path.relative(root, file)}: ${link}`
    if (!existsSync(resolved)) dead.push(`${where} (no such file)`)
    else if (anchor && statSync(resolved).isFile() && !anchorsOf(readFileSync(resolved, 'utf8')).has(anchor))
      dead.push(`${where} (no heading with that anchor)`)
  }
  return dead
}

describe('markdown links', () => {
  it('makes GitHub anchors of headings with code, punctuation and repeats', () => {
    const anchors = anchorsOf(
      '# The command line: `routewright`\n## Figures (`npm run bench`, 2026-12-01)\n## A\n## A\n',
    )
    expect([...anchors]).toEqual([
      'the-command-line-routewright',
      'figures-npm-run-bench-2026-12-01',
      'a',
      'a-1',
    ])
  })

  it('reports a missing file and a missing heading, and ignores links written as code or to the web', () => {
    const text =
      '[a](docs/none.md) [b](#no-such-heading) `[c](nowhere.md)` [d](https://example.com) [e](docs/testing.md#what-the-tests-need-and-start)'
    expect(deadLinks(path.join(root, 'README.md'), text)).toEqual([
      'README.md: docs/none.md (no such file)',
      'README.md: #no-such-heading (no heading with that anchor)',
    ])
  })

  it('resolves every relative link of every markdown file of the repository', async () => {
    const { files } = await walkFiles(root, { accept: (name) => name.endsWith('.md') })
    expect(files.length).toBeGreaterThan(10)
    expect(files.flatMap((file) => deadLinks(file))).toEqual([])
  })
})
