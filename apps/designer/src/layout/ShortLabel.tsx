// A button's label with a short form for a cramped bar (useCompactWhenCramped).
/** The long text stays the button's name: under `.is-compact` it is only hidden from sight, the short one from readers. */
export function ShortLabel({ long, short }: { long: string; short: string }) {
  return (
    <>
      <span className="rw-label-long">{long}</span>
      <span className="rw-label-short" aria-hidden="true">
        {short}
      </span>
    </>
  )
}
