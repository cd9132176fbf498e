// pure: the shapes the desktop API sends (packages/telephony/src/desktop-api.ts), as the browser sees them.

export interface CallView {
  callId: string
  interaction: string
  agent?: string
  ani: string
  dnis: string
  state: 'queued' | 'ringing' | 'talking' | 'ended'
  attached: Record<string, string>
  startedAt: number
  answeredAt?: number
}

export type SettableState = 'ready' | 'not-ready' | 'after-call-work'

export interface MediaState {
  media: string
  state: SettableState | 'logged-out'
  reason?: string
  since: number
}

export interface SessionView {
  agent: string
  media: MediaState[]
  router: { id: string; state: string; load: Record<string, number>; reserved: number } | null
  calls: CallView[]
  /** Other agents of the directory, offered as transfer targets. */
  agents: string[]
}
