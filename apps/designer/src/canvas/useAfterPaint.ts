// A value that follows `key` one painted frame later: work keyed on it waits until the browser has drawn the frame
// that `key` changed in.
import { useEffect, useState } from 'react'
import { afterNextPaint } from '../core/after-paint.ts'

export function useAfterPaint<T>(key: T): T | undefined {
  const [painted, setPainted] = useState<T | undefined>(undefined)
  useEffect(() => afterNextPaint(() => setPainted(() => key)), [key])
  return painted
}
