import type { DirectoryDocument, StrategyDocument } from '@routewright/strategy-dsl'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { SimRefusal } from './SimRefusal.tsx'
import { SimWarnings } from './SimWarnings.tsx'
import type { SimSettings } from './sim-form.ts'
import { refusalOf, runJob } from './sim-job.ts'

const settings: SimSettings = {
  arrivalsPerHour: 60,
  ahtSeconds: 180,
  durationHours: 2,
  warmupHours: 1,
  serviceLevelSeconds: 20,
  intervalMinutes: 15,
  seed: 1,
  media: 'voice',
  agents: ['ann'],
}
const pool = {
  strategy: 'inbound',
  format: 1,
  start: 'pick',
  nodes: { pick: { type: 'target', targets: [{ group: 'chat' }] } },
} as unknown as StrategyDocument

describe('the simulation warnings', () => {
  it('[RW493] say why a day answered nothing: the group targeted has no agent for the calls', () => {
    const directory: DirectoryDocument = {
      directory: 'floor',
      format: 1,
      groups: { chat: {}, voice: {} },
      agents: { ann: { groups: ['voice'] }, cy: { groups: ['chat'], capacity: { chat: 3 } } },
    }
    const runs = runJob(
      { versions: [{ label: 'edited', document: pool }], strategies: [], directory, settings },
      () => {},
    )
    expect(runs[0]?.result.answered).toBe(0)
    expect(renderToStaticMarkup(<SimWarnings runs={runs} />)).toBe(
      '<ul class="rw-sim__warnings" data-testid="sim-warnings"><li data-severity="warning"><strong>warning RW493</strong>: Node &quot;pick&quot; of &quot;inbound&quot; targets group &quot;chat&quot;, where no logged-in agent takes media &quot;voice&quot;: contacts sent there wait until they abandon or time out.</li></ul>',
    )
  })

  it('show nothing when every contact can reach an agent', () => {
    const directory: DirectoryDocument = {
      directory: 'floor',
      format: 1,
      groups: { chat: {} },
      agents: { ann: { groups: ['chat'] } },
    }
    const runs = runJob(
      { versions: [{ label: 'edited', document: pool }], strategies: [], directory, settings },
      () => {},
    )
    expect(renderToStaticMarkup(<SimWarnings runs={runs} />)).toBe('')
  })

  it('[RW491] refuse a job of calls nobody takes, per version, and leave warnings to the run', () => {
    const chatOnly: DirectoryDocument = {
      directory: 'floor',
      format: 1,
      groups: { chat: {} },
      agents: { ann: { groups: ['chat'], capacity: { chat: 2 } } },
    }
    const versions = [
      { label: 'edited', document: pool },
      { label: 'saved', document: pool },
    ]
    expect(refusalOf({ versions, strategies: [], directory: chatOnly, settings })).toMatchObject([
      { code: 'RW491', severity: 'error', label: 'edited', path: ['interaction', 'media'] },
      { code: 'RW491', severity: 'error', label: 'saved', path: ['interaction', 'media'] },
    ])
    const voiceElsewhere: DirectoryDocument = {
      ...chatOnly,
      groups: { chat: {}, voice: {} },
      agents: { ...chatOnly.agents, bo: { groups: ['voice'] } },
    }
    // RW493 (the group has nobody for voice) is a warning: the job runs and says it
    expect(
      refusalOf({
        versions,
        strategies: [],
        directory: voiceElsewhere,
        settings: { ...settings, agents: ['ann', 'bo'] },
      }),
    ).toEqual([])
  })
})

describe('the simulated media', () => {
  const chatOnly: DirectoryDocument = {
    directory: 'floor',
    format: 1,
    groups: { chat: {} },
    agents: { ann: { groups: ['chat'], capacity: { chat: 2 } } },
  }
  const job = (media: string) => ({
    versions: [{ label: 'edited', document: pool }],
    strategies: [],
    directory: chatOnly,
    settings: { ...settings, media },
  })

  it('[RW491] runs chats the chat agents take, where voice calls are refused', () => {
    expect(refusalOf(job('voice'))).toMatchObject([{ code: 'RW491', path: ['interaction', 'media'] }])
    expect(refusalOf(job('chat'))).toEqual([])
    const [run] = runJob(job('chat'), () => {})
    expect(run?.result.answered).toBeGreaterThan(0)
    expect(run?.result.warnings).toEqual([])
  })

  it('[RW491] names the media simulated and what to change in the refusal', () => {
    const html = renderToStaticMarkup(
      <SimRefusal findings={refusalOf(job('email'))} labelled={false} media="email" />,
    )
    expect(html).toContain(
      'The simulated calls are email: pick a media the agents take, or give agents of the directory email in their capacity (capacity: { email: 1 }), then run again.',
    )
  })
})
