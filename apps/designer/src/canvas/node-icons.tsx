import type { NodeType } from '@routewright/strategy-dsl'
import { LineIcon } from '../layout/LineIcon.tsx'

// One 16px line icon per node kind (paths on a 16x16 grid), so kinds are told apart at a glance.
const PATHS: Record<NodeType, string> = {
  switch: 'M2 8h4l3-4h5M9 12h5M6 8l3 4',
  schedule: 'M8 2a6 6 0 1 0 0 12A6 6 0 0 0 8 2zM8 4.5V8l2.5 1.5',
  split: 'M2 8h5M7 8l6-5M7 8l6 5M13 3h1M13 13h1',
  assign: 'M3 6h10M3 10h10M10 3l-4 10',
  attach: 'M10.5 4.5l-5 5a1.8 1.8 0 0 0 2.5 2.5l5.5-5.5a3 3 0 0 0-4.2-4.2L3.8 7.8',
  function: 'M10 2.5c-2 0-2.5 1-2.8 3L6 11c-.3 2-1 2.5-2.5 2.5M4.5 6.5h6',
  subroutine: 'M2.5 3.5h11v9h-11zM5 3.5v9M11 3.5v9',
  'queue-priority': 'M8 13V3M4 7l4-4 4 4M3 13h10',
  treatment: 'M3 6v4h2.5L9 13V3L5.5 6zM11.5 5.5a3.5 3.5 0 0 1 0 5',
  wait: 'M4 2h8M4 14h8M5 2c0 3 6 3 6 6s-6 3-6 6M11 2c0 3-6 3-6 6',
  target: 'M8 2a6 6 0 1 0 0 12A6 6 0 0 0 8 2zM8 5a3 3 0 1 0 0 6 3 3 0 0 0 0-6zM8 7.5v1',
  route: 'M2 8h10M9 4.5L12.5 8 9 11.5M14 3v10',
  end: 'M3 3h10v10H3z',
}

export function NodeIcon({ type, size = 16 }: { type: NodeType; size?: number }) {
  return <LineIcon d={PATHS[type]} size={size} className={`rw-icon rw-icon--${type}`} />
}
