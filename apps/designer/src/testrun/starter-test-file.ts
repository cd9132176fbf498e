// A valid first test file for a strategy that has none: one scenario a designer edits into a real one.
import type { StrategyDocument } from '@routewright/strategy-dsl'

/**
 * The text of `<name>.test.yaml` for `strategy`: one voice call that checks it enters at the start node
 * (a path is a prefix match, so it passes until the designer says more).
 * @example starterTestText({ strategy: 'vip', start: 'hours', ... }) // 'tests: vip\nformat: 1\n...'
 */
export function starterTestText(strategy: Pick<StrategyDocument, 'strategy' | 'start'>): string {
  return [
    // quoted: an id such as `yes` or `null` would read back as a boolean or nothing
    `tests: ${JSON.stringify(strategy.strategy)}`,
    'format: 1',
    '',
    'scenarios:',
    '  - name: a voice call enters at the start',
    '    interaction: { media: voice }',
    '    agents: {}',
    '    expect:',
    `      path: [${JSON.stringify(strategy.start)}]`,
    '',
  ].join('\n')
}
