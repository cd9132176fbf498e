// A clicked problem that names a field of its node: that field in the inspector takes the focus and is marked, so the
// eye lands on what to fix rather than on the node's whole form.
import type { Path } from '@routewright/strategy-dsl'
import { refusedFieldName } from '../inspector/refusal-place.ts'

/**
 * The inspector field names (as in `field-<name>`) a problem's path may point at in node `id`'s form, the most precise
 * first: ['nodes', 'n', 'cases', 2, 'when'] gives cases-2-when, cases-2, cases. Empty for another node or the strategy.
 */
export function problemFieldNames(path: Path, id: string): string[] {
  const names: string[] = []
  for (let end = path.length; end >= 3; end--) {
    const name = refusedFieldName(path.slice(0, end), id)
    if (name !== undefined) names.push(name)
  }
  return names
}

const FOCUSABLE = 'input, select, textarea, [contenteditable="true"], button'

/**
 * Focuses and marks the first of `names` drawn in `form` (an editor's first control when the field is a list or a
 * code editor); the mark goes when the focus leaves it. Answers the element focused, undefined when none is drawn.
 */
export function focusProblemField(form: ParentNode, names: readonly string[]): HTMLElement | undefined {
  for (const name of names) {
    const field = form.querySelector<HTMLElement>(`[data-testid="field-${CSS.escape(name)}"]`)
    if (!field) continue
    const control = field.matches(FOCUSABLE) ? field : field.querySelector<HTMLElement>(FOCUSABLE)
    if (!control) continue
    control.focus()
    field.classList.add('is-problem-field')
    control.addEventListener('blur', () => field.classList.remove('is-problem-field'), { once: true })
    return control
  }
  return undefined
}
