// pure: traffic per node of a simulation as a heat overlay on the canvas (tint and a count on each node)
import { nodeSelector } from '../compare/canvas-marks.ts'

/** Entries per node id of `strategy`, from the simulation's `<strategy>/<node>` counts. */
export function entriesOf(
  nodeEntries: Readonly<Record<string, number>> | undefined,
  strategy: string,
): Map<string, number> {
  const out = new Map<string, number>()
  const prefix = `${strategy}/`
  for (const [key, count] of Object.entries(nodeEntries ?? {})) {
    if (key.startsWith(prefix)) out.set(key.slice(prefix.length), count)
  }
  return out
}

/** From pale yellow (little traffic) to deep red (the busiest node), as an rgb() colour. */
export function heatColor(share: number): string {
  const t = Math.min(1, Math.max(0, share))
  const mix = (a: number, b: number) => Math.round(a + (b - a) * t)
  return `rgb(${mix(255, 214)}, ${mix(236, 40)}, ${mix(170, 40)})`
}

/** CSS tinting each visited node by its traffic relative to the busiest, with its entries and share of arrivals. */
export function heatCss(entries: ReadonlyMap<string, number>, arrivals: number): string {
  const max = Math.max(0, ...entries.values())
  if (max === 0) return ''
  const rules: string[] = []
  for (const [id, count] of entries) {
    const share = arrivals > 0 ? ` · ${Math.round((count / arrivals) * 100)}%` : ''
    const label = `${count.toLocaleString('en-US')}${share}`
    const color = heatColor(count / max)
    rules.push(
      `${nodeSelector(id)}{box-shadow:0 0 0 5px ${color},0 0 22px 6px ${color};border-radius:8px}`,
      `${nodeSelector(id)}::before{content:"${label}";position:absolute;top:-15px;left:6px;z-index:1;` +
        `padding:0 6px;border-radius:8px;font:600 10px/14px system-ui,sans-serif;color:#3b1d00;background:${color}}`,
    )
  }
  return rules.join('\n')
}
