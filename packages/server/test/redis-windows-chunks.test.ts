// How a windows write is cut into store commands (redis-windows-store.ts storeCommands): one command when it fits,
// otherwise the fields first, the deletions after them and the header with the last command, a full write's modes
// staged, never an empty one.
import { describe, expect, it } from 'vitest'
import { storeArgs, storeCommands } from '../src/core/redis-windows-store.ts'

const pairs = (n: number, size: number) =>
  Array.from({ length: n }, (_, i) => [`agent:a${i}`, 'x'.repeat(size)]).flat()

/** A command's parts: mode, deleted names, field names. */
function parts(args: string[]) {
  const n = Number(args[2])
  return {
    mode: args[1],
    deleted: args.slice(3, 3 + n),
    fields: args.slice(3 + n).filter((_, i) => i % 2 === 0),
  }
}

describe('windows store commands', () => {
  it('sends a write that fits as the one command storeArgs makes', () => {
    const fields = [...pairs(3, 10), '#header', '{}']
    expect(storeCommands(7, false, ['agent:gone'], fields, 1000)).toEqual([
      storeArgs(7, false, ['agent:gone'], fields),
    ])
    expect(storeCommands(7, true, [], fields, 1000)).toEqual([storeArgs(7, true, [], fields)])
  })

  it('cuts a partial write into commands of about the budget, fields first, then deletions, the header last', () => {
    const fields = [...pairs(10, 100), '#header', '{"format":2}']
    const commands = storeCommands(7, false, ['agent:old1', 'agent:old2'], fields, 250)
    expect(commands.length).toBeGreaterThan(3)
    const cut = commands.map(parts)
    expect(cut.every((c) => c.mode === '0')).toBe(true)
    expect(cut.flatMap((c) => c.deleted)).toEqual(['agent:old1', 'agent:old2'])
    // a writer that dies midway has set a subject's new parts before deleting what they replace: never a gap
    const firstDeleting = cut.findIndex((c) => c.deleted.length > 0)
    const lastSetting = cut.findLastIndex((c) => c.fields.some((name) => name !== '#header'))
    expect(firstDeleting).toBeGreaterThanOrEqual(lastSetting)
    expect(cut[0]!.deleted).toEqual([])
    expect(cut.flatMap((c) => c.fields)).toEqual(fields.filter((_, i) => i % 2 === 0))
    expect(cut.at(-1)!.fields.at(-1)).toBe('#header')
    for (const args of commands) {
      expect(args[0]).toBe('7')
      expect(args.length).toBeGreaterThan(3)
      const chars = args.slice(3).reduce((sum, text) => sum + text.length, 0)
      expect(chars).toBeLessThanOrEqual(250)
    }
  })

  it('stages a full write: first, middle and last modes; one field over the budget alone is still one command', () => {
    const modes = storeCommands(3, true, [], [...pairs(4, 100), '#header', '{}'], 120).map((a) => a[1])
    // the last agent's field and the header share the last command
    expect(modes).toEqual(['s', 'm', 'm', 'e'])
    const big = ['group:support', 'y'.repeat(5000)]
    expect(storeCommands(3, true, [], big, 120)).toEqual([storeArgs(3, true, [], big)])
    // a field over the budget among others goes in a command of its own
    const mixed = storeCommands(3, false, [], [...pairs(1, 10), ...big, '#header', '{}'], 120).map(parts)
    expect(mixed.map((c) => c.fields)).toEqual([['agent:a0'], ['group:support'], ['#header']])
  })
})
