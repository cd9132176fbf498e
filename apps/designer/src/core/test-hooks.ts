// Whether this build carries the test hooks on globalThis (__rwStore, __rwCodeEditor, __rwNodeRenders,
// __rwRenderFault, __rwResizeTimers, __rwRoutings, __rwNodeLists): the e2e harness builds with `--mode e2e` into dist-e2e/, vitest runs in 'test'. The production
// build folds this to false, so every `if (TEST_HOOKS)` branch and the hook names drop out of the bundle
// (e2e/production-bundle.test.ts checks it).
export const TEST_HOOKS = import.meta.env.MODE === 'e2e' || import.meta.env.MODE === 'test'
