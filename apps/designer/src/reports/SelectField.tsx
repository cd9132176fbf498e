// A labelled drop-down of fixed choices (the reports' form, the agent grid's filters): one component, so every
// such field reads its choice the same way and keeps the same markup.

export interface SelectFieldProps<TValue extends string> {
  label: string
  testId: string
  value: TValue
  /** Each choice's value and the text shown for it, in the order shown. */
  options: ReadonlyArray<readonly [TValue, string]>
  onChange: (value: TValue) => void
}

export function SelectField<TValue extends string>({
  label,
  testId,
  value,
  options,
  onChange,
}: SelectFieldProps<TValue>) {
  return (
    <label>
      <span>{label}</span>
      <select data-testid={testId} value={value} onChange={(e) => onChange(e.target.value as TValue)}>
        {options.map(([choice, text]) => (
          <option key={choice} value={choice}>
            {text}
          </option>
        ))}
      </select>
    </label>
  )
}
