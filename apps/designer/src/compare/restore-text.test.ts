import { describe, expect, it } from 'vitest'
import { restoredText } from './restore-text.ts'

const other = `# the other strategy
strategy: other-flow
format: 1
title: Other
start: done
nodes:
  done:
    type: end
    outcome: abandon
`

describe('restoredText', () => {
  it("sets another strategy's id to the open file's own, keeping its comments", () => {
    const restored = restoredText(other, 'vip-routing')
    expect(restored.replacedId).toBe('other-flow')
    expect(restored.text).toContain('strategy: vip-routing\n')
    expect(restored.text).not.toContain('other-flow')
    expect(restored.text).toContain('# the other strategy')
    expect(restored.text).toContain('title: Other')
  })

  it('leaves a text with the same id exactly as read', () => {
    const same = other.replace('other-flow', 'vip-routing')
    expect(restoredText(same, 'vip-routing')).toEqual({ text: same })
  })

  it('leaves a text that does not parse, or an unknown own id, as read', () => {
    const broken = 'strategy: other-flow\nnodes: [\n'
    expect(restoredText(broken, 'vip-routing')).toEqual({ text: broken })
    expect(restoredText(other, undefined)).toEqual({ text: other })
  })
})
