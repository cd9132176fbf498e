// The designer's uPlot charts (simulation and reports): mounted at one size that follows the element's width, with
// the value axis and scale of a figure's unit (a share drawn 0-100 %, seconds with an "s").
import uPlot from 'uplot'

/** The units a charted figure comes in. */
export type ChartUnit = 'count' | 'percent' | 'seconds'

const MIN_WIDTH = 240
const HEIGHT = 150

/** Draws a chart of `data` in `element`, as wide as the element (at least 240 px) and 150 px high; returns its cleanup. */
export function mountChart(
  element: HTMLElement,
  options: Omit<uPlot.Options, 'width' | 'height'>,
  data: uPlot.AlignedData,
): () => void {
  const size = () => ({ width: Math.max(MIN_WIDTH, element.clientWidth), height: HEIGHT })
  const plot = new uPlot({ ...size(), ...options }, data, element)
  const resize = new ResizeObserver(() => plot.setSize(size()))
  resize.observe(element)
  return () => {
    resize.disconnect()
    plot.destroy()
  }
}

/** The y scale of a figure: a share is drawn from 0 to 1 whatever its values, others fit their values. */
export function valueScale(unit: ChartUnit): uPlot.Scale {
  return unit === 'percent' ? { range: [0, 1] } : { auto: true }
}

/** The y axis of a figure, its ticks labelled in the figure's unit (`40%`, `20s`, `12`). */
export function valueAxis(unit: ChartUnit): uPlot.Axis {
  return {
    values: (_u, ticks) =>
      ticks.map((t) =>
        unit === 'percent' ? `${Math.round(t * 100)}%` : unit === 'seconds' ? `${t}s` : `${t}`,
      ),
    size: 52,
  }
}
