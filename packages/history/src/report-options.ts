// pure: the choices a report takes, importable without loading the database drivers (the CLI's flags use them).

export const REPORT_DIMENSIONS = ['queue', 'group', 'agent', 'strategy', 'node'] as const
export type ReportDimension = (typeof REPORT_DIMENSIONS)[number]

/** The column of the interactions and handling tables each dimension is keyed by. */
export const DIMENSION_COLUMNS: Readonly<Record<ReportDimension, string>> = {
  queue: 'queue',
  group: 'grp',
  agent: 'agent',
  strategy: 'strategy',
  node: 'node',
}

/** Interval widths in ms; intervals start at the report's `from`. */
export const REPORT_INTERVALS = {
  '15m': 900_000,
  '30m': 1_800_000,
  '1h': 3_600_000,
  day: 86_400_000,
} as const
export type ReportInterval = keyof typeof REPORT_INTERVALS

export const REPORT_FORMATS = ['table', 'csv', 'json'] as const
export type ReportFormat = (typeof REPORT_FORMATS)[number]
