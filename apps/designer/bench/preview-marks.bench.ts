// Benchmark: what the problem marks (src/canvas/preview-marks.ts) add to a frame of the preview, in Chromium: the
// node pass of MotionPreview's draw over the 3,001 boxes of the fitted large strategy (all on screen at zoom 0.07)
// alone, with the marks of its warnings (each block's target and treatment nodes: 1,200) and one error, and with an
// error on every node (the worst case), alternating. The marking function is this build's own source, run in the page.
// Target: the usual marks within 1.25x of the pass without them.
import { chromium } from 'playwright-core'
import type { BenchFigure } from '../../../bench/result.ts'
import { ERROR_BORDER_PX, markProblems } from '../src/canvas/preview-marks.ts'

interface Frames {
  bare: number
  usual: number
  everyError: number
}

export async function runPreviewMarksBench(): Promise<BenchFigure[]> {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' })
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    const frames: Frames = await page.evaluate(
      ([source, errorBorder]) => {
        const mark = new Function(`return (${source})`)() as typeof markProblems
        const canvas = document.createElement('canvas')
        canvas.width = 1280
        canvas.height = 800
        document.body.append(canvas)
        const ctx = canvas.getContext('2d')
        if (!ctx) throw new Error('no 2D context')
        const zoom = 0.07
        // generateLargeStrategy(600)'s layout: blocks of 5 nodes, 10 blocks a row
        const boxes: { x: number; y: number; w: number; h: number; warning: boolean }[] = []
        for (let b = 0; b < 600; b++)
          for (let k = 0; k < 5; k++)
            boxes.push({
              x: ((b % 10) * 5 + k) * 300,
              y: Math.floor(b / 10) * 220 + (k % 2) * 90,
              w: 232,
              h: 80,
              warning: k === 2 || k === 4,
            })
        boxes.push({ x: 0, y: 60 * 220 + 200, w: 232, h: 80, warning: false })
        const frame = (marks: 'none' | 'usual' | 'every') => {
          ctx.setTransform(1, 0, 0, 1, 0, 0)
          ctx.clearRect(0, 0, canvas.width, canvas.height)
          ctx.setTransform(zoom, 0, 0, zoom, 20, 20)
          const errors: typeof boxes = []
          const warnings: typeof boxes = []
          boxes.forEach((b, i) => {
            const error = marks === 'every' || (marks === 'usual' && i === 828)
            if (error) errors.push(b)
            else if (marks === 'usual' && b.warning) warnings.push(b)
            ctx.fillStyle = '#ffffff'
            ctx.fillRect(b.x, b.y, b.w, b.h)
            // as MotionPreview: an error's border wider
            ctx.lineWidth = error ? Math.max(1, errorBorder / zoom) : 1
            ctx.strokeStyle = error ? '#d33a2c' : '#c6cdd8'
            ctx.strokeRect(b.x, b.y, b.w, b.h)
            ctx.fillStyle = '#8a94a6'
            ctx.fillRect(b.x, b.y, b.w, 3)
          })
          if (warnings.length > 0) mark(ctx, warnings, '#c98a06', zoom)
          if (errors.length > 0) mark(ctx, errors, '#d33a2c', zoom)
          // the drawing flushed, so its cost is in the figure
          ctx.getImageData(0, 0, 1, 1)
        }
        const time = (marks: 'none' | 'usual' | 'every', n: number) => {
          const start = performance.now()
          for (let i = 0; i < n; i++) frame(marks)
          return (performance.now() - start) / n
        }
        for (const marks of ['none', 'usual', 'every'] as const) time(marks, 10)
        const samples = { bare: [] as number[], usual: [] as number[], everyError: [] as number[] }
        for (let round = 0; round < 11; round++) {
          samples.bare.push(time('none', 30))
          samples.usual.push(time('usual', 30))
          samples.everyError.push(time('every', 30))
        }
        const mid = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN
        return { bare: mid(samples.bare), usual: mid(samples.usual), everyError: mid(samples.everyError) }
      },
      [markProblems.toString(), ERROR_BORDER_PX] as const,
    )
    const usual = frames.usual / frames.bare
    const every = frames.everyError / frames.bare
    console.log(
      `designer: preview node pass of 3,001 boxes ${frames.bare.toFixed(1)} ms; with 1,200 warnings and 1 error marked ` +
        `${frames.usual.toFixed(1)} ms (${usual.toFixed(2)}x); every node an error ${frames.everyError.toFixed(1)} ms ` +
        `(${every.toFixed(2)}x)`,
    )
    return [
      {
        name: 'designer: preview frame with the problem marks, 3,001 nodes (ratio to none, medians of 11)',
        value: usual,
        unit: 'x',
        target: 1.25,
        ratio: usual,
      },
      {
        name: 'designer: preview frame with every node an error (ratio to none)',
        value: every,
        unit: 'x',
        target: 1.5,
        ratio: every,
      },
    ]
  } finally {
    await browser.close()
  }
}
