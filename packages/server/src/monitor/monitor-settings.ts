// The wallboard's settings and their defaults, with no imports: the alarms reader (which `routewright validate` loads
// alone) reads the default window without pulling in the monitor and the runtime behind it.

export interface MonitorSettings {
  /** The rolling window of queue figures, ms (default 15 min). */
  windowMs: number
  /** Service level threshold T, seconds (default 20). */
  serviceLevelSeconds: number
  /** S of the short abandons, seconds (default 5: the report's `--short-abandon` default, SHORT_ABANDON_SECONDS). */
  shortAbandonSeconds: number
}

export const DEFAULT_MONITOR: MonitorSettings = {
  windowMs: 15 * 60_000,
  serviceLevelSeconds: 20,
  shortAbandonSeconds: 5,
}
