// Names that become report keys hold no C0 control character: the reports join keys with U+001F, so such a name
// would be split (issue #11). Directory and target names are ids (RW025); a skill expression is its target's name
// (RW213). Each entry point answers with a stable code, where it is and what to do.
import { checkDirectoryText, checkStrategyText, formatDiagnostic } from '@routewright/strategy-dsl'
import { describe, expect, it } from 'vitest'

/** A strategy waiting for `target` (YAML flow text), in a file. */
function strategyWith(target: string): string {
  return `strategy: s
format: 1
start: pick
nodes:
  pick:
    type: target
    targets: [${target}]
    wait: 10s
    next: { timeout: bye, error: bye }
  bye: { type: end, outcome: default-route }
`
}

describe('names with control characters', () => {
  it('[RW213] refuses a skill expression holding U+001F, at the character, saying why and what to do', () => {
    // inside a CEL string literal, which CEL itself takes
    const { diagnostics } = checkStrategyText(strategyWith(`{ skill: "'sa\\x1fles' in groups" }`), {
      file: 's.strategy.yaml',
    })
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      "s.strategy.yaml:7:28: error RW213 This skill expression holds the control character U+001F (character 4): the expression is the target's name in statistics and reports, which join names with U+001F, so it would be split or garbled. Remove it (no agent, group or skill name holds one). (at nodes.pick.targets[0].skill)",
    ])
  })

  it.each([
    ['U+0001', '\\x01'],
    ['U+001B', '\\e'],
    ['U+007F', '\\x7f'],
    // C1: NEL breaks lines as a line feed would, CSI drives terminals
    ['U+0085', '\\N'],
    ['U+009B', '\\x9b'],
  ])('[RW213] refuses any C0 control character, DEL and C1: %s', (name, written) => {
    const { diagnostics } = checkStrategyText(strategyWith(`{ skill: "'a${written}' in groups" }`))
    expect(diagnostics.map((d) => [d.code, d.message.slice(0, 60)])).toEqual([
      ['RW213', `This skill expression holds the control character ${name} (ch`],
    ])
  })

  it('keeps a skill expression written over several lines (line feeds and tabs are white space)', () => {
    const { diagnostics } = checkStrategyText(
      strategyWith('{ skill: "skills.vip >= 5\\n\\t&& skills.english >= 3" }'),
    )
    expect(diagnostics).toEqual([])
  })

  it('[RW025] refuses a group target named with U+001F, saying what a name may hold', () => {
    const { diagnostics } = checkStrategyText(strategyWith('{ group: "sa\\x1fles" }'), {
      file: 's.strategy.yaml',
    })
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      's.strategy.yaml:7:24: error RW025 The text "sa\\u001fles" is not a valid id. Use letters, digits, "_" or "-", starting with a letter (at most 64). (at nodes.pick.targets[0].group)',
    ])
  })

  it.each([
    ['a group', 'groups:\n  "sa\\x1fles": {}\n', 'groups["sa\\u001fles"]'],
    [
      'a queue',
      'queues:\n  "fr\\x1font": { groups: [sales] }\ngroups: { sales: {} }\n',
      'queues["fr\\u001font"]',
    ],
    ['an agent', 'agents:\n  "a\\x01": { groups: [] }\n', 'agents["a\\u0001"]'],
    [
      "an agent's group",
      'groups: { sales: {} }\nagents:\n  a1: { groups: ["sa\\x1fles"] }\n',
      'agents.a1.groups[0]',
    ],
  ])('[RW025] refuses %s named with a control character in a directory', (_what, body, at) => {
    const { diagnostics } = checkDirectoryText(`directory: d\nformat: 1\n${body}`, {
      file: 'd.directory.yaml',
    })
    expect(diagnostics.map((d) => [d.code, formatDiagnostic(d).includes(`(at ${at})`)])).toEqual([
      ['RW025', true],
    ])
  })
})
