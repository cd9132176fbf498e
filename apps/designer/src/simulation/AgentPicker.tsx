// Which agents of the directory are logged in for a simulation: how many (the first N), or exactly which.

export function AgentPicker({
  all,
  chosen,
  onChange,
  error,
}: {
  all: readonly string[]
  chosen: readonly string[]
  onChange: (agents: string[]) => void
  error: string | undefined
}) {
  const set = new Set(chosen)
  return (
    <fieldset className="rw-sim__agents">
      <legend>Agents logged in</legend>
      <label className="rw-sim__field">
        <span>How many (of {all.length}): the first N below</span>
        <input
          type="number"
          min={0}
          max={all.length}
          data-testid="sim-agent-count"
          value={chosen.length}
          aria-invalid={error !== undefined}
          aria-describedby={error ? 'sim-error-agents' : undefined}
          onChange={(e) =>
            onChange(all.slice(0, Math.max(0, Math.min(all.length, Number(e.target.value) || 0))))
          }
        />
      </label>
      <details>
        <summary>Choose which</summary>
        <div className="rw-sim__agent-list">
          {all.map((id) => (
            <label key={id}>
              <input
                type="checkbox"
                data-testid={`sim-agent-${id}`}
                checked={set.has(id)}
                onChange={(e) => onChange(all.filter((a) => (a === id ? e.target.checked : set.has(a))))}
              />{' '}
              {id}
            </label>
          ))}
        </div>
      </details>
      {error && (
        <em id="sim-error-agents" className="rw-sim__error" data-testid="sim-error-agents">
          {error}
        </em>
      )}
    </fieldset>
  )
}
