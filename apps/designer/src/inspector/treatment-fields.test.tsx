import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { TreatmentFields, WaitingTreatments } from './TreatmentFields.tsx'

describe('the collect treatment form', () => {
  it('labels the least and the most digits each in a row of its own', () => {
    const html = renderToStaticMarkup(
      <TreatmentFields
        name="t"
        value={{ collect: { into: 'key', min: 1, max: 4 } }}
        path={['nodes', 'menu', 'treatment']}
        set={() => {}}
        replace={() => {}}
        allowCollect
      />,
    )
    // before, both fields sat under one "Digits" label and were both named "Digits"
    expect(html).toMatch(/Min digits<\/span><div class="rw-row__control">(?:(?!rw-row__label).)*name="t-min"/)
    expect(html).toMatch(/Max digits<\/span><div class="rw-row__control">(?:(?!rw-row__label).)*name="t-max"/)
    expect(html).toContain('aria-label="Min digits"')
    expect(html).toContain('aria-label="Max digits"')
  })
})

describe("a target's waiting treatments", () => {
  it("puts each remove button on its treatment's header line, named for that treatment", () => {
    const html = renderToStaticMarkup(
      <WaitingTreatments items={[{ play: 'prompts/busy' }, { music: 'music/hold' }]} set={() => {}} />,
    )
    // before, a lone "Remove treatment" × sat under each block's fields, the same name for every treatment
    expect(html).toMatch(
      /<div class="rw-row__head"><span class="rw-row__label">Treatment<\/span><button[^>]*aria-label="Remove treatment 1 \(play prompts\/busy\)"/,
    )
    expect(html).toContain('aria-label="Remove treatment 2 (music music/hold)"')
    expect(html).not.toContain('aria-label="Remove treatment"')
  })
})
