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

type Rgb = readonly [number, number, number]

/** From pale yellow (little traffic) to deep red (the busiest node). */
function heatRgb(share: number): Rgb {
  const t = Math.min(1, Math.max(0, share))
  const mix = (a: number, b: number) => Math.round(a + (b - a) * t)
  return [mix(255, 214), mix(236, 40), mix(170, 40)]
}

/** From pale yellow (little traffic) to deep red (the busiest node), as an rgb() colour. */
export function heatColor(share: number): string {
  return css(heatRgb(share))
}

const css = ([r, g, b]: Rgb) => `rgb(${r}, ${g}, ${b})`

/** Black for the pale end of the scale, white for the red end: only pure black keeps 4.5:1 where they meet. */
const LABEL_INKS: readonly Rgb[] = [
  [0, 0, 0],
  [255, 255, 255],
]

/** WCAG 2 contrast ratio of two colours (1 to 21; small text wants 4.5). */
export function contrastRatio(a: Rgb, b: Rgb): number {
  const luminance = (c: Rgb) => {
    const [r, g, bl] = c.map((v) => {
      const s = v / 255
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
    }) as [number, number, number]
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl
  }
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number]
  return (hi + 0.05) / (lo + 0.05)
}

/** The label's text colour on the heat colour of `share`: whichever ink reads better on it. */
export function heatInk(share: number): string {
  const back = heatRgb(share)
  const [dark, light] = LABEL_INKS as [Rgb, Rgb]
  return css(contrastRatio(dark, back) >= contrastRatio(light, back) ? dark : light)
}

/** Where the label sits above a node: on the start node, right of its START marker (about 45 px wide). */
const LABEL_LEFT = 6
const LABEL_LEFT_OF_START = 56

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
      `${nodeSelector(id)}::before{content:"${label}";position:absolute;top:-15px;left:${LABEL_LEFT}px;z-index:1;` +
        `padding:0 6px;border-radius:8px;font:600 10px/14px system-ui,sans-serif;color:${heatInk(count / max)};` +
        `background:${color}}`,
    )
  }
  // last, so it wins over the node's own rule (same specificity): the START marker keeps its place
  rules.push(`.react-flow__node:has(.rw-node__start)::before{left:${LABEL_LEFT_OF_START}px}`)
  return rules.join('\n')
}
