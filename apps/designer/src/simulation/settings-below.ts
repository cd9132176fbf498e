// The simulation settings hidden under the form's pinned Run bar: the panel cuts the list mid-row at its default
// height, so the bar says how many more there are and which comes next.
import { useEffect, useState } from 'react'

export interface SettingsBelow {
  /** How many settings are hidden (wholly or in part) under the Run bar. */
  count: number
  /** The label of the first of them, as the form writes it ("Duration (h)"). */
  next: string | undefined
}

const NONE: SettingsBelow = { count: 0, next: undefined }

/** The nearest ancestor that scrolls vertically (the bottom panel's body), or the document's. */
function scroller(from: HTMLElement): HTMLElement {
  for (let el = from.parentElement; el; el = el.parentElement) {
    const { overflowY } = getComputedStyle(el)
    if (overflowY === 'auto' || overflowY === 'scroll') return el
  }
  return document.documentElement
}

/** The setting rows of `form` not whole in view above the Run bar `bar`, in order. */
export function rowsBelow(form: Element, bar: Element): HTMLElement[] {
  const top = bar.getBoundingClientRect().top
  // a row more than a pixel under the bar's top edge is not whole in view
  return [...form.querySelectorAll<HTMLElement>('.rw-sim__field, .rw-sim__agents')].filter(
    (row) => !bar.contains(row) && row.getBoundingClientRect().bottom > top + 1,
  )
}

function measure(form: HTMLFormElement, bar: HTMLElement): SettingsBelow {
  const hidden = rowsBelow(form, bar)
  if (hidden.length === 0) return NONE
  const label = hidden[0]!.querySelector('span, legend')?.textContent?.trim()
  return { count: hidden.length, next: label || undefined }
}

/**
 * The settings of a form below its Run bar, measured again as the panel scrolls or changes size. Returns the refs to
 * put on the form and on the bar (callback refs: the form mounts only once a strategy parses).
 */
export function useSettingsBelow(): {
  formRef: (el: HTMLFormElement | null) => void
  barRef: (el: HTMLElement | null) => void
  below: SettingsBelow
} {
  const [form, formRef] = useState<HTMLFormElement | null>(null)
  const [bar, barRef] = useState<HTMLElement | null>(null)
  const [below, setBelow] = useState(NONE)
  useEffect(() => {
    if (!form || !bar) return
    const box = scroller(form)
    const update = () => {
      const next = measure(form, bar)
      setBelow((old) => (old.count === next.count && old.next === next.next ? old : next))
    }
    update()
    box.addEventListener('scroll', update, { passive: true })
    const sizes = new ResizeObserver(update)
    sizes.observe(box)
    sizes.observe(form)
    return () => {
      box.removeEventListener('scroll', update)
      sizes.disconnect()
    }
  }, [form, bar])
  return { formRef, barRef, below }
}
