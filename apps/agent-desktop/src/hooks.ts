// Small React hooks of the desktop: the clock the call timers read (the only place the UI reads the time).
import { useEffect, useState } from 'react'

/** The current time, updated every second while the component is shown. */
export function useNow(): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(timer)
  }, [])
  return now
}
