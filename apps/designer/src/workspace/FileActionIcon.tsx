import { LineIcon } from '../layout/LineIcon.tsx'

// Line icons of the file list's actions, drawn as SVG: the characters used before (⧉, 🗑) have no glyph in the
// fonts of many Linux desktops and showed as empty boxes.
const PATHS = {
  rename: 'M3 13l1-3.5L11 2.5l2.5 2.5L6.5 12zM9.5 4l2.5 2.5',
  duplicate: 'M5.5 5.5h8v8h-8zM10.5 5.5v-3h-8v8h3',
  delete: 'M2.5 4.5h11M6 4.5V2.5h4v2M4 4.5l.8 9h6.4l.8-9M6.8 7v4.5M9.2 7v4.5',
} as const

export function FileActionIcon({ action }: { action: keyof typeof PATHS }) {
  return <LineIcon d={PATHS[action]} size={13} />
}
