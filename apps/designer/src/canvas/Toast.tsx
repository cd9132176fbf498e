import { useEffect, useState } from 'react'
import { useEditor } from '../hooks/useEditor.ts'
import { remainingShow } from './notice-once.ts'

const SHOW_MS = 4000

/** Shows the store's latest notice (a refused connection, a paste) for a few seconds, once: not again on a remount. */
export function Toast() {
  const notice = useEditor((s) => s.notice)
  const [visible, setVisible] = useState<string | undefined>(undefined)
  useEffect(() => {
    if (!notice) return
    const left = remainingShow(notice, Date.now(), SHOW_MS)
    if (left === 0) return
    setVisible(notice.text)
    const timer = setTimeout(() => setVisible(undefined), left)
    return () => clearTimeout(timer)
  }, [notice])
  if (!visible) return null
  return (
    <div className="rw-toast" role="status" aria-live="polite" data-testid="toast">
      {visible}
    </div>
  )
}
