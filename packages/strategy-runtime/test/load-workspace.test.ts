import { execFileSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { SKIPPED_FOLDERS } from '@routewright/node-support/walk'
import { duplicateStrategyMessage, formatDiagnostic } from '@routewright/strategy-dsl'
import { loadWorkspace, safeLoadWorkspace, WorkspaceError } from '@routewright/strategy-runtime/node'
import { afterEach, describe, expect, it } from 'vitest'

const examples = path.resolve(import.meta.dirname, '../../../examples')
const folders: string[] = []
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true })
})

function copyOfExamples(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'rw-load-'))
  folders.push(dir)
  cpSync(examples, dir, { recursive: true })
  return dir
}

describe('loadWorkspace', () => {
  it('loads every strategy of the examples with their directory, named by a content hash', async () => {
    const workspace = await loadWorkspace(examples)
    expect(workspace.strategies.size).toBe(10)
    expect(workspace.directory.directory).toBe('contact-center')
    expect(workspace.files).toContain('main-inbound.strategy.yaml')
    expect(workspace.version).toMatch(/^[0-9a-f]{12}$/)
    expect((await loadWorkspace(examples)).version).toBe(workspace.version)
  })

  it('skips the folders every other walk skips (node-support SKIPPED_FOLDERS) and hidden ones', async () => {
    const dir = copyOfExamples()
    for (const folder of [...SKIPPED_FOLDERS, '.cache']) {
      mkdirSync(path.join(dir, folder, 'deep'), { recursive: true })
      // a broken strategy: loading it would fail the whole workspace
      writeFileSync(path.join(dir, folder, 'deep', 'stray.strategy.yaml'), 'strategy: [\n')
    }
    const workspace = await loadWorkspace(dir)
    expect(workspace.files.filter((file) => file.includes('stray'))).toEqual([])
  })

  it('gives a changed workspace another version', async () => {
    const dir = copyOfExamples()
    const before = (await loadWorkspace(dir)).version
    writeFileSync(path.join(dir, 'vip-routing.strategy.yaml'), '# reviewed\n', { flag: 'a' })
    expect((await loadWorkspace(dir)).version).not.toBe(before)
    writeFileSync(
      path.join(dir, 'note.strategy.yaml'),
      'strategy: note\nformat: 1\nstart: a\nnodes:\n  a: { type: route, destination: voicemail }\n',
    )
    expect((await loadWorkspace(dir)).strategies.has('note')).toBe(true)
  })

  it('[RW094] refuses two strategies with one id', async () => {
    const dir = copyOfExamples()
    cpSync(path.join(dir, 'vip-routing.strategy.yaml'), path.join(dir, 'copy.strategy.yaml'))
    const result = await safeLoadWorkspace(dir)
    expect(result.success).toBe(false)
    if (!result.success)
      expect(result.diagnostics).toContainEqual(
        expect.objectContaining({ code: 'RW094', file: 'vip-routing.strategy.yaml' }),
      )
  })

  it('[RW094] names the other copy at its id (file:line:col), in the words of validate and the editor', async () => {
    const dir = copyOfExamples()
    const text = 'strategy: twin\nformat: 1\nstart: a\nnodes:\n  a: { type: route, destination: voicemail }\n'
    mkdirSync(path.join(dir, 'sales'))
    writeFileSync(path.join(dir, 'sales', 'twin.strategy.yaml'), text)
    writeFileSync(path.join(dir, 'twin.strategy.yaml'), `# the same id, a line lower\n${text}`)
    const result = await safeLoadWorkspace(dir)
    expect(result.success).toBe(false)
    if (result.success) return
    const found = result.diagnostics.filter((d) => d.code === 'RW094').map(formatDiagnostic)
    expect(found).toEqual([
      `twin.strategy.yaml:2:11: error RW094 ${duplicateStrategyMessage('twin', `sales${path.sep}twin.strategy.yaml:1:11`)} (at strategy)`,
    ])
  })

  it('[RW098] asks which directory to use when there are several, and takes the one named', async () => {
    const dir = copyOfExamples()
    cpSync(path.join(dir, 'contact-center.directory.yaml'), path.join(dir, 'staging.directory.yaml'))
    const result = await safeLoadWorkspace(dir)
    expect(result.success).toBe(false)
    if (!result.success) expect(result.diagnostics[0]).toMatchObject({ code: 'RW098' })
    expect((await loadWorkspace(dir, { directory: 'staging.directory.yaml' })).directoryFile).toBe(
      path.join(dir, 'staging.directory.yaml'),
    )
  })

  it('[RW098] says a named directory file is not there, as given and resolved, and lists those found', async () => {
    const dir = copyOfExamples()
    mkdirSync(path.join(dir, 'env'))
    const result = await safeLoadWorkspace(dir, { directory: 'missing.directory.yaml' })
    expect(result.success ? [] : result.diagnostics).toEqual([
      {
        code: 'RW098',
        severity: 'error',
        message: `The directory file "missing.directory.yaml" (resolved to ${path.join(dir, 'missing.directory.yaml')}) does not exist; the workspace has contact-center.directory.yaml: name it with the directory option (--directory).`,
        path: [],
        file: 'missing.directory.yaml',
      },
    ])
    const folder = await safeLoadWorkspace(dir, { directory: 'env' })
    expect(folder.success ? [] : folder.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      `RW098 The directory file "env" (resolved to ${path.join(dir, 'env')}) is a folder, not a directory file; the workspace has contact-center.directory.yaml: name it with the directory option (--directory).`,
    ])
  })

  it('[RW098] reads a relative directory against the workspace folder, and says so when the current folder has it', async () => {
    // the CLI reads --directory against the current folder: a host that passed the same text is told the rule
    // deeper than the current folder: the relative path from there, read from the workspace, is inside its copy
    const dir = path.join(
      copyOfExamples(),
      ...process
        .cwd()
        .split(path.sep)
        .map(() => 'w'),
    )
    cpSync(examples, dir, { recursive: true })
    const outside = mkdtempSync(path.join(tmpdir(), 'rw-load-env-'))
    folders.push(outside)
    const file = path.join(outside, 'prod.directory.yaml')
    cpSync(path.join(dir, 'contact-center.directory.yaml'), file)
    const fromCwd = path.relative(process.cwd(), file)
    const result = await safeLoadWorkspace(dir, { directory: fromCwd })
    expect(result.success ? [] : result.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      `RW098 The directory file "${fromCwd}" (resolved to ${path.resolve(dir, fromCwd)}) does not exist; a relative path is read against the workspace folder, not the current one, where it names ${file}: pass that absolute path.`,
    ])
    expect((await loadWorkspace(dir, { directory: file })).directoryFile).toBe(file)
  })

  it('[RW090] tells a workspace that is a file from one that is not there', async () => {
    const dir = copyOfExamples()
    const file = path.join(dir, 'main-inbound.strategy.yaml')
    const messages = (result: Awaited<ReturnType<typeof safeLoadWorkspace>>) =>
      result.success ? [] : result.diagnostics.map((d) => d.message)
    expect(messages(await safeLoadWorkspace(file))).toEqual([
      `The workspace ${file} is a file, not a folder: give the folder that holds the strategies and the directory file.`,
    ])
    expect(messages(await safeLoadWorkspace(path.join(dir, 'nope')))).toEqual([
      `The workspace folder ${path.join(dir, 'nope')} does not exist.`,
    ])
  })

  it.each([
    [undefined, undefined, 'RW090 The workspace folder must be a path string (got undefined).'],
    [42, undefined, 'RW090 The workspace folder must be a path string (got number 42).'],
    [
      'flows',
      'env/prod.directory.yaml',
      `RW098 The options must be an object such as { directory: 'env/prod.directory.yaml' } (got string "env/prod.directory.yaml").`,
    ],
    [
      'flows',
      { directory: 5 },
      'RW098 The directory option must be the path of a *.directory.yaml file (got number 5).',
    ],
  ])(
    '[RW090] [RW098] refuses arguments of the wrong type from plain JavaScript: %o, %o',
    async (dir, options, text) => {
      const result = await safeLoadWorkspace(dir as never, options as never)
      expect(result.success ? [] : result.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([text])
      await expect(loadWorkspace(dir as never, options as never)).rejects.toThrow(WorkspaceError)
    },
  )

  it('names the links it does not follow: a linked strategy or folder, never an unrelated link', async () => {
    const dir = copyOfExamples()
    const elsewhere = mkdtempSync(path.join(tmpdir(), 'rw-load-elsewhere-'))
    folders.push(elsewhere)
    writeFileSync(path.join(elsewhere, 'shared.strategy.yaml'), 'strategy: [\n')
    symlinkSync(path.join(elsewhere, 'shared.strategy.yaml'), path.join(dir, 'shared.strategy.yaml'))
    symlinkSync(elsewhere, path.join(dir, 'more'))
    symlinkSync('loop.strategy.yaml', path.join(dir, 'loop.strategy.yaml'))
    symlinkSync('/etc/hostname', path.join(dir, 'notes.txt'))
    const workspace = await loadWorkspace(dir)
    expect(workspace.skippedLinks).toEqual(['loop.strategy.yaml', 'more', 'shared.strategy.yaml'])
    expect(workspace.files).not.toContain('shared.strategy.yaml')
  })

  it('[RW098] says the strategies it found were all links, and what to do', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rw-load-links-'))
    folders.push(dir)
    cpSync(
      path.join(examples, 'contact-center.directory.yaml'),
      path.join(dir, 'contact-center.directory.yaml'),
    )
    symlinkSync(path.join(examples, 'vip-routing.strategy.yaml'), path.join(dir, 'vip-routing.strategy.yaml'))
    const result = await safeLoadWorkspace(dir)
    expect(result.success ? [] : result.diagnostics.map((d) => d.message)).toEqual([
      `No *.strategy.yaml files under ${dir}. Symbolic links are not followed (they could lead outside the workspace or loop), so this one was skipped: vip-routing.strategy.yaml. Copy the files into the workspace, or link the other way round.`,
    ])
  })

  it('[RW090] refuses a named pipe given as the directory file instead of waiting on it forever', async () => {
    const dir = copyOfExamples()
    execFileSync('mkfifo', [path.join(dir, 'pipe.directory.yaml')])
    const result = await safeLoadWorkspace(dir, { directory: 'pipe.directory.yaml' })
    expect(result.success ? [] : result.diagnostics.map((d) => `${d.code} ${d.file} ${d.message}`)).toEqual([
      'RW090 pipe.directory.yaml Refused to read: it is a named pipe (FIFO).',
      // the walk skipped it too, as it skips every non-file named like a document
      'RW091 pipe.directory.yaml not a regular file (a named pipe (FIFO)), skipped. Rename or remove it: only regular files are read.',
    ])
  })

  it('throws a WorkspaceError whose message lists file:line:col of each error', async () => {
    const dir = copyOfExamples()
    writeFileSync(
      path.join(dir, 'broken.strategy.yaml'),
      'strategy: broken\nformat: 1\nstart: a\nnodes:\n  a: { type: route, destination: nowhere }\n',
    )
    const error = await loadWorkspace(dir).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(WorkspaceError)
    expect((error as WorkspaceError).message).toMatch(/broken\.strategy\.yaml:5:\d+/)
  })
})
