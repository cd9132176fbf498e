// The hidden status region that reads each Save all summary aloud, a repeat of the same words included.
import type { SaveAllSummary } from './save-all-plan.ts'

/** What the region says, and which summary it is: `seq` keys the text, so each summary is a new node. */
export interface Announcement {
  text: string
  seq: number
}

export const NO_ANNOUNCEMENT: Announcement = { text: '', seq: 0 }

/**
 * The announcement of a new summary: a screen reader reads a live region's text when it changes, so a second
 * "Saved 2 files." set as the same text was silent; a new `seq` makes it a new node, read again.
 */
export function nextAnnouncement(previous: Announcement, summary: SaveAllSummary): Announcement {
  return { text: summary.text, seq: previous.seq + 1 }
}

/** Kept after the summary fades or is closed, so it is announced whether or not it is still shown. */
export function SaveAllAnnouncement({ announcement }: { announcement: Announcement }) {
  return (
    <span className="rw-visually-hidden" role="status" data-testid="save-all-announcement">
      <span key={announcement.seq}>{announcement.text}</span>
    </span>
  )
}
