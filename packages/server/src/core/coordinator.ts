// The seam between the HTTP server and routing: one process (local-coordinator.ts) today, a Redis-backed set of
// processes later. The server and its tests use only this interface.
import type { DirectoryDocument, StrategyDocument } from '@routewright/strategy-dsl'
import type { AgentEventInput, InteractionInput, TreatmentResult } from '@routewright/strategy-runtime'
import type { CommandResult, InteractionView, ServerEvent, VersionInfo, WaitingView } from './types.ts'

/** A validated set of strategies and its directory, named by a content hash (loadWorkspace's result). */
export interface DeployableWorkspace {
  version: string
  strategies: ReadonlyMap<string, StrategyDocument>
  directory: DirectoryDocument
}

/**
 * Routes interactions for the server. Commands never throw: they answer `{ ok: false, status, error }` for an
 * unknown interaction (404), a command that does not fit its state (409) or input the strategy refuses (422).
 *
 * A Redis coordinator implements the same contract across processes: `deploy` publishes the version to every
 * process; interactions are owned under a lease and resumed from their snapshots; reservations are atomic in
 * Redis; `subscribe` delivers the events of the interactions this process owns.
 */
export interface RoutingCoordinator {
  /** Makes `workspace` the version new interactions start on; running ones finish on theirs. */
  deploy(workspace: DeployableWorkspace): VersionInfo
  /** The current version and the older ones still finishing interactions. */
  versions(): VersionInfo[]
  submit(input: InteractionInput): CommandResult<InteractionView>
  treatmentDone(id: string, result?: TreatmentResult): CommandResult
  confirmReservation(id: string): CommandResult
  rejectReservation(id: string): CommandResult
  abandon(id: string): CommandResult
  complete(id: string): CommandResult
  agentEvent(event: AgentEventInput): CommandResult
  interaction(id: string): InteractionView | undefined
  waiting(): WaitingView[]
  /** Agents by id with their state and load, as the current version sees them. */
  agents(): Array<{ id: string; state: string; load: Record<string, number>; reserved: number }>
  /** Every event of every version, in order; returns the unsubscribe function. */
  subscribe(listener: (event: ServerEvent) => void): () => void
  /** Interactions not closed, over all versions. */
  openCount(): number
  /** Stops every router and timer. */
  stop(): void
}
