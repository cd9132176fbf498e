// Types of keep-alive-idle.mjs for its test (the module stays plain JavaScript for serve-load.mjs on bare Node).
export const DEFAULT_KEEP_ALIVE_MS: number
export const KEEP_ALIVE_MARGIN_MS: number
export function keepAliveHintMs(head: string): number | undefined
export function staleIdleCount(
  idle: ReadonlyArray<{ idleSince: number }>,
  now: number,
  keepAliveMs?: number,
): number
