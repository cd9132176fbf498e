// Waits for the canvas to stop moving (a fit-view or zoom animates the viewport for ~200 ms) before a screenshot or
// a measurement, instead of sleeping a fixed time that is too short on a loaded machine and wasted on a quiet one.
import type { Page } from 'playwright-core'

/** Resolves once the viewport's transform has stayed the same for `frames` animation frames in a row. */
export async function viewportSettled(page: Page, frames = 5, timeoutMs = 10_000): Promise<void> {
  await page.waitForFunction(
    ({ frames }) =>
      new Promise<boolean>((resolve) => {
        const viewport = document.querySelector<HTMLElement>('.react-flow__viewport')
        if (!viewport) return resolve(false)
        let last = viewport.style.transform
        let same = 0
        const step = () => {
          const now = viewport.style.transform
          same = now === last ? same + 1 : 0
          last = now
          if (same >= frames) resolve(true)
          else requestAnimationFrame(step)
        }
        requestAnimationFrame(step)
      }),
    { frames },
    { timeout: timeoutMs },
  )
}

/**
 * Resolves once the canvas lays out for the size its pane has now (a resize reaches the layout only once it stops:
 * usePaneSize) and the view has stopped moving.
 */
export async function paneSettled(page: Page, timeoutMs = 10_000): Promise<void> {
  await page.waitForFunction(
    () => {
      const canvas = document.querySelector<HTMLElement>('[data-testid="canvas"]')
      const [width, height] = (canvas?.dataset.pane ?? '').split('x').map(Number)
      return (
        canvas !== null &&
        Math.abs(canvas.clientWidth - (width ?? 0)) <= 1 &&
        Math.abs(canvas.clientHeight - (height ?? 0)) <= 1
      )
    },
    undefined,
    { timeout: timeoutMs },
  )
  await viewportSettled(page)
}

/** The canvas's zoom, read from the viewport's transform. */
export function viewportZoom(page: Page): Promise<number> {
  return page.evaluate(
    () => new DOMMatrix(getComputedStyle(document.querySelector('.react-flow__viewport')!).transform).a,
  )
}

/** Ids of drawn nodes not wholly inside the canvas pane (a pixel of rounding allowed). */
export function nodesOutsidePane(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const pane = document.querySelector('[data-testid="canvas"]')!.getBoundingClientRect()
    return [...document.querySelectorAll<HTMLElement>('.react-flow__node')]
      .filter((n) => {
        const r = n.getBoundingClientRect()
        return (
          r.left < pane.left - 1 ||
          r.right > pane.right + 1 ||
          r.top < pane.top - 1 ||
          r.bottom > pane.bottom + 1
        )
      })
      .map((n) => n.dataset.id ?? '?')
  })
}

/** Pixels of the motion preview (the canvas drawing of a large zoomed-out view) that something was drawn on. */
export async function drawnPixels(page: Page): Promise<number> {
  return page.locator('.rw-motion-preview canvas').evaluate((el) => {
    const canvas = el as HTMLCanvasElement
    const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? []
    let drawn = 0
    for (let i = 3; i < data.length; i += 4) if ((data[i] ?? 0) > 0) drawn++
    return drawn
  })
}
