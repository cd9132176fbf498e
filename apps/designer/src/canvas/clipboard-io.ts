// Moves clipboard payloads through the system clipboard when the browser allows it, and always through
// localStorage, so copy/paste works between strategies and tabs even without clipboard permission.
import { type ClipboardPayload, readClipboard } from '../core/clipboard.ts'

const KEY = 'routewright:clipboard'

export function writeClipboard(payload: ClipboardPayload): void {
  const text = JSON.stringify(payload)
  try {
    localStorage.setItem(KEY, text)
  } catch {
    // storage full or disabled: the system clipboard below may still work
  }
  navigator.clipboard?.writeText(text).catch(() => undefined)
}

export async function readClipboardPayload(): Promise<ClipboardPayload | undefined> {
  try {
    const text = await navigator.clipboard?.readText()
    const payload = text ? readClipboard(text) : undefined
    if (payload) return payload
  } catch {
    // no permission: fall back to the local copy
  }
  const stored = localStorage.getItem(KEY)
  return stored ? readClipboard(stored) : undefined
}
