// The simulation form's fields, drawn in FIELDS_ON_SCREEN's order: the list the status line and Show the field take
// the first error from is the order the page shows, so a field added to one cannot be missing from the other.
// test ids: sim-mode and, per field, simFieldTestId's (sim-arrivals, sim-profile-minutes, ...), sim-typical-day,
//   sim-error-<field>
import { Fragment, type ReactNode } from 'react'
import { AgentPicker } from './AgentPicker.tsx'
import { FIELDS_ON_SCREEN, type FormField, type SimForm, typicalDay } from './sim-form.ts'

type TextField = Exclude<FormField, 'agents'>

const TEST_IDS: Record<FormField, string> = {
  arrivalsPerHour: 'sim-arrivals',
  profileMinutes: 'sim-profile-minutes',
  profile: 'sim-profile',
  ahtSeconds: 'sim-aht',
  patienceSeconds: 'sim-patience',
  durationHours: 'sim-duration',
  warmupHours: 'sim-warmup',
  serviceLevelSeconds: 'sim-sl',
  reportMinutes: 'sim-report',
  seed: 'sim-seed',
  media: 'sim-media',
  priority: 'sim-priority',
  data: 'sim-data',
  dnis: 'sim-dnis',
  ani: 'sim-ani',
  start: 'sim-start',
  functions: 'sim-functions',
  agents: 'sim-agent-count',
}

/** The data-testid of the control a user types `field` in (the agents' count for the agents). */
export function simFieldTestId(field: FormField): string {
  return TEST_IDS[field]
}

/** The message under a field in error, which the control names as its description. */
function ErrorOf({ field, errors }: { field: FormField; errors: Partial<Record<FormField, string>> }) {
  const message = errors[field]
  return message ? (
    <em id={`sim-error-${field}`} className="rw-sim__error" data-testid={`sim-error-${field}`}>
      {message}
    </em>
  ) : null
}

/** The mode select, then every field of FIELDS_ON_SCREEN in its order (the mode's arrivals only). */
export function SimFields({
  form,
  errors,
  setForm,
  agentIds,
  directoryMedia,
}: {
  form: SimForm
  errors: Partial<Record<FormField, string>>
  setForm: (next: SimForm) => void
  /** The directory's agents, in its order. */
  agentIds: readonly string[]
  /** The media the directory's agents take, voice first. */
  directoryMedia: readonly string[]
}) {
  const invalid = (name: FormField) => ({
    'aria-invalid': errors[name] !== undefined,
    'aria-describedby': errors[name] ? `sim-error-${name}` : undefined,
  })
  const field = (
    name: TextField,
    label: string,
    hint?: string,
    { wide = false, inputMode = 'decimal' }: { wide?: boolean; inputMode?: 'decimal' | 'tel' | 'text' } = {},
  ) => (
    <label className={wide ? 'rw-sim__field rw-sim__field--wide' : 'rw-sim__field'}>
      <span>{label}</span>
      <input
        data-testid={TEST_IDS[name]}
        value={form[name]}
        inputMode={inputMode}
        {...invalid(name)}
        placeholder={hint}
        onChange={(e) => setForm({ ...form, [name]: e.target.value })}
      />
      <ErrorOf field={name} errors={errors} />
    </label>
  )
  const constant = form.mode === 'constant'
  // one control per field: the type asks for every field, the list below gives their order
  const controls: Record<FormField, ReactNode> = {
    arrivalsPerHour: constant && field('arrivalsPerHour', 'Arrivals per hour'),
    profileMinutes: !constant && (
      <label className="rw-sim__field">
        <span>Profile interval</span>
        <select
          data-testid={TEST_IDS.profileMinutes}
          value={form.profileMinutes}
          onChange={(e) => setForm({ ...form, profileMinutes: e.target.value })}
        >
          <option value="15">15 minutes</option>
          <option value="30">30 minutes</option>
          <option value="60">60 minutes</option>
        </select>
      </label>
    ),
    profile: !constant && (
      <div className="rw-sim__profile">
        <label className="rw-sim__field rw-sim__field--wide">
          <span>Arrivals per hour in each interval from 00:00</span>
          <textarea
            data-testid={TEST_IDS.profile}
            rows={3}
            value={form.profile}
            {...invalid('profile')}
            onChange={(e) => setForm({ ...form, profile: e.target.value })}
          />
          <ErrorOf field="profile" errors={errors} />
        </label>
        <button
          type="button"
          data-testid="sim-typical-day"
          onClick={() =>
            setForm({
              ...form,
              profile: typicalDay(Number(form.arrivalsPerHour) || 60, Number(form.profileMinutes)).join(' '),
            })
          }
        >
          Fill a typical day (peak = arrivals per hour)
        </button>
      </div>
    ),
    ahtSeconds: field('ahtSeconds', 'Handle time (s)'),
    patienceSeconds: field('patienceSeconds', 'Patience (s)', 'never hang up'),
    durationHours: field('durationHours', 'Duration (h)'),
    warmupHours: field('warmupHours', 'Warm-up (h)'),
    serviceLevelSeconds: field('serviceLevelSeconds', 'Service level T (s)'),
    reportMinutes: field('reportMinutes', 'Chart interval (min)'),
    seed: field('seed', 'Seed'),
    media: (
      <label className="rw-sim__field">
        <span>Media (every contact)</span>
        <select
          data-testid={TEST_IDS.media}
          value={form.media}
          {...invalid('media')}
          onChange={(e) => setForm({ ...form, media: e.target.value })}
        >
          {/* a media kept from an earlier directory stays listed, so the choice shown is the one simulated */}
          {(directoryMedia.includes(form.media) ? directoryMedia : [...directoryMedia, form.media]).map(
            (m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ),
          )}
        </select>
        <ErrorOf field="media" errors={errors} />
      </label>
    ),
    priority: field('priority', 'Priority', '0'),
    data: (
      <label className="rw-sim__field rw-sim__field--wide">
        <span>Call data (JSON, every call)</span>
        <textarea
          data-testid={TEST_IDS.data}
          rows={2}
          value={form.data}
          placeholder='{"customer_tier": "gold"}'
          {...invalid('data')}
          onChange={(e) => setForm({ ...form, data: e.target.value })}
        />
        <ErrorOf field="data" errors={errors} />
      </label>
    ),
    dnis: field('dnis', 'Dialled number (DNIS)', 'none', { inputMode: 'tel' }),
    ani: field('ani', 'Caller number (ANI)', 'none', { inputMode: 'tel' }),
    start: field('start', 'Day starts at', '2026-01-05T00:00:00Z (a Monday)', {
      wide: true,
      inputMode: 'text',
    }),
    functions: field(
      'functions',
      'Host function answers (JSON, as in a test file)',
      'none: function nodes take their error output',
      { wide: true, inputMode: 'text' },
    ),
    agents: (
      <AgentPicker
        all={agentIds}
        chosen={form.agents}
        onChange={(agents) => setForm({ ...form, agents })}
        error={errors.agents}
      />
    ),
  }
  return (
    <>
      <label className="rw-sim__field">
        <span>Arrivals</span>
        <select
          data-testid="sim-mode"
          value={form.mode}
          onChange={(e) => setForm({ ...form, mode: e.target.value as SimForm['mode'] })}
        >
          <option value="constant">per hour, constant</option>
          <option value="profile">profile over the day</option>
        </select>
      </label>
      {FIELDS_ON_SCREEN.map((name) => (
        <Fragment key={name}>{controls[name]}</Fragment>
      ))}
    </>
  )
}
