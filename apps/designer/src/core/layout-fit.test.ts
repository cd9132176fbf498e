// Every example, laid out automatically, fits whole at a readable zoom in the canvas of the default window.
import { readdirSync, readFileSync } from 'node:fs'
import type { Node } from '@xyflow/react'
import { describe, expect, it } from 'vitest'
import { fitViewport, READABLE_ZOOM } from '../canvas/initial-viewport.ts'
import { dslAdapter } from './dsl-adapter.ts'
import { createGraphMapper, NODE_WIDTH, nodeViewHeight } from './graph.ts'
import { layoutDocument } from './layout.ts'

const examples = new URL('../../../../examples/', import.meta.url)
const files = readdirSync(examples)
  .filter((f) => f.endsWith('.strategy.yaml'))
  .sort()
/** The canvas pane at 1,440 x 900 with the file list, inspector and bottom panel at their defaults. */
const PANE = { width: 792, height: 652, minZoom: 0.1, maxZoom: 2 }

function laidOut(file: string) {
  const doc = dslAdapter.check(readFileSync(new URL(file, examples), 'utf8'), {}).document!
  const { layout: _stored, ...unlaid } = doc
  const positions = layoutDocument(unlaid)
  const { nodes } = createGraphMapper()(unlaid, [], undefined)
  const flow: Node[] = nodes.map((view) => ({
    id: view.id,
    position: { x: positions[view.id]![0], y: positions[view.id]![1] },
    data: {},
    initialWidth: NODE_WIDTH,
    initialHeight: nodeViewHeight(view),
  }))
  return flow
}

describe('examples laid out in the default canvas', () => {
  it('fit whole at a readable zoom', () => {
    const zooms = Object.fromEntries(
      files.map((f) => [
        f.replace('.strategy.yaml', ''),
        Math.round(fitViewport(laidOut(f), PANE)!.zoom * 100) / 100,
      ]),
    )
    // before the bands were fitted to the canvas (eight columns a band): 0.27 to 0.45 for five of them
    expect(zooms).toMatchInlineSnapshot(`
      {
        "ab-test": 0.57,
        "business-hours": 0.57,
        "callback-offer": 0.57,
        "identify-caller": 0.78,
        "inbound-call": 0.57,
        "language-menu": 0.57,
        "main-inbound": 0.8,
        "site-overflow": 0.78,
        "skills-escalation": 0.57,
        "vip-routing": 0.57,
      }
    `)
    expect(Object.values(zooms).every((z) => z >= READABLE_ZOOM)).toBe(true)
  })
})
