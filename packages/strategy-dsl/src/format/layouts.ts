// pure: the blank lines and block-style rules of each document kind's canonical text.
import type { Layout } from './canonical.ts'

const STRATEGY_SECTIONS = new Set(['inputs', 'outputs', 'variables', 'start', 'layout'])

export const strategyLayout: Layout = {
  block: (path) => path.length <= 1 || (path.length === 2 && path[0] === 'nodes'),
  // each node and each section after the header reads as its own paragraph
  spaced: (path) =>
    (path.length === 1 && STRATEGY_SECTIONS.has(String(path[0]))) ||
    (path.length === 2 && path[0] === 'nodes'),
}

export const directoryLayout: Layout = {
  block: (path) =>
    path.length <= 1 || (path.length === 2 && (path[0] === 'agents' || path[0] === 'calendars')),
  spaced: (path) => path.length === 1 && path[0] !== 'format' && path[0] !== 'title',
}

export const testLayout: Layout = {
  block: (path) => path.length <= 1 || (path.length === 2 && path[0] === 'scenarios'),
  spaced: (path) =>
    (path.length === 1 && path[0] === 'scenarios') || (path.length === 2 && path[0] === 'scenarios'),
}
