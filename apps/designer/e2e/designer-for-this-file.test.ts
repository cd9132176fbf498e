// The e2e files' one way to open the designer: the session is there inside tests only, the workspace holds what the
// file asked for, and the teardown removes the temp folder and runs the file's own teardown.
import { existsSync } from 'node:fs'
import { readdir } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { designerForThisFile } from './designer-for-this-file.ts'
import { startDesigner } from './harness.ts'

const STRATEGY = 'strategy: tiny\nformat: 1\nstart: done\nnodes:\n  done: { type: end }\n'
let workspace = ''
let tornDown = false

describe('a session from given files', () => {
  const session = designerForThisFile({
    workspaceFixture: null,
    files: { 'team/tiny.strategy.yaml': STRATEGY },
    blank: true,
    teardown: () => {
      tornDown = true
    },
  })
  let early = ''
  try {
    void session.url
  } catch (error) {
    early = (error as Error).message
  }

  it('says it is not started when read before its hooks ran', () => {
    expect(early).toBe('The designer session is not started yet (read .url inside a test or a hook)')
  })

  it('holds only the given files, served by its own server', async () => {
    workspace = session.workspace
    expect((await readdir(workspace, { recursive: true })).sort()).toEqual([
      'team',
      'team/tiny.strategy.yaml',
    ])
    const listed = await (await fetch(`${session.url}api/files`)).text()
    expect(listed).toContain('team/tiny.strategy.yaml')
  })
})

describe('after that session', () => {
  it('removed its temp workspace and ran the file teardown', () => {
    expect(workspace).not.toBe('')
    expect(existsSync(workspace)).toBe(false)
    expect(tornDown).toBe(true)
  })

  it('refuses a given file outside the workspace before starting anything', async () => {
    await expect(startDesigner({ files: { '../outside.strategy.yaml': STRATEGY } })).rejects.toThrow(
      'A workspace file must stay inside it: "../outside.strategy.yaml"',
    )
  })
})
