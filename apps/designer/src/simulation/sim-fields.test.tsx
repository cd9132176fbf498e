// The simulation form draws its fields in FIELDS_ON_SCREEN's order, the order the status line and Show the field
// take the first error from: in both arrival modes, and with every field in error, its message under it.
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { SimFields, simFieldTestId } from './SimFields.tsx'
import { DEFAULT_FORM, FIELDS_ON_SCREEN, type FormField, type SimForm } from './sim-form.ts'

const drawn = (mode: SimForm['mode'], errors: Partial<Record<FormField, string>> = {}) =>
  renderToStaticMarkup(
    <SimFields
      form={{ ...DEFAULT_FORM, mode, agents: ['ann', 'bob'] }}
      errors={errors}
      setForm={() => {}}
      agentIds={['ann', 'bob']}
      directoryMedia={['voice']}
    />,
  )

/** The test ids in `html` that `ids` holds, in the order the markup has them. */
const inOrder = (html: string, ids: readonly string[]) =>
  [...html.matchAll(/data-testid="([^"]+)"/g)]
    .map((m) => m[1])
    .filter((id) => id !== undefined && ids.includes(id))

/** The fields a mode shows: the other mode's arrivals are not on screen. */
const shownIn = (mode: SimForm['mode']) =>
  FIELDS_ON_SCREEN.filter((f) =>
    mode === 'constant' ? f !== 'profileMinutes' && f !== 'profile' : f !== 'arrivalsPerHour',
  )

describe('SimFields', () => {
  it.each(['constant', 'profile'] as const)('draws the %s form in FIELDS_ON_SCREEN order', (mode) => {
    const ids = FIELDS_ON_SCREEN.map(simFieldTestId)
    expect(new Set(ids).size).toBe(ids.length)
    expect(inOrder(drawn(mode), ids)).toEqual(shownIn(mode).map(simFieldTestId))
  })

  it.each(['constant', 'profile'] as const)(
    'says every error of the %s form under its field, in order',
    (mode) => {
      const errors = Object.fromEntries(FIELDS_ON_SCREEN.map((f) => [f, `${f} is wrong.`]))
      const html = drawn(mode, errors)
      // profileMinutes has no message of its own: readForm says a bad interval under the profile
      const said = shownIn(mode).filter((f) => f !== 'profileMinutes')
      expect(
        inOrder(
          html,
          FIELDS_ON_SCREEN.map((f) => `sim-error-${f}`),
        ),
      ).toEqual(said.map((f) => `sim-error-${f}`))
      for (const field of said) expect(html).toContain(`aria-describedby="sim-error-${field}"`)
    },
  )
})
