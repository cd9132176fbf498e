// A labelled text field for a number of seconds in the reports' form (T of the service level, S of the short
// abandons): one component, so the two stay alike.

export interface SecondsFieldProps {
  label: string
  testId: string
  value: string
  onChange: (value: string) => void
}

export function SecondsField({ label, testId, value, onChange }: SecondsFieldProps) {
  return (
    <label>
      <span>{label}</span>
      <input
        data-testid={testId}
        inputMode="decimal"
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </label>
  )
}
