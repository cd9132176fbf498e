// A valid first test file for a strategy that has none: one scenario a designer edits into a real one.
import type { StrategyDocument } from '@routewright/strategy-dsl'

// a path YAML reads back as written without quotes (no `: `, `#`, leading `-` or quote)
const PLAIN_PATH = /^[A-Za-z0-9_.][A-Za-z0-9_./-]*$/

/**
 * The text of `<name>.test.yaml` for `strategy`: one voice call that checks it enters at the start node
 * (a path is a prefix match, so it passes until the designer says more). `directory` is the workspace's directory
 * file relative to the test file: `routewright test` in CI refuses a test file that names none. The text is
 * canonical (`routewright fmt --check` passes on it as written).
 * @example starterTestText({ strategy: 'vip', start: 'hours' }, 'cc.directory.yaml') // 'tests: "vip"\nformat: 1\ndirectory: cc.directory.yaml\n...'
 */
export function starterTestText(
  strategy: Pick<StrategyDocument, 'strategy' | 'start'>,
  directory?: string,
): string {
  const named =
    directory === undefined
      ? []
      : [`directory: ${PLAIN_PATH.test(directory) ? directory : JSON.stringify(directory)}`]
  return [
    // quoted: an id such as `yes` or `null` would read back as a boolean or nothing
    `tests: ${JSON.stringify(strategy.strategy)}`,
    'format: 1',
    ...named,
    '',
    'scenarios:',
    '  - name: a voice call enters at the start',
    '    interaction: { media: voice }',
    '    agents: {}',
    `    expect: { path: [${JSON.stringify(strategy.start)}] }`,
    '',
  ].join('\n')
}
