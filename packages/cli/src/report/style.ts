// Terminal styling through picocolors, switched on per run (TTY, FORCE_COLOR, NO_COLOR, --color/--no-color).
import { createColors } from 'picocolors'

/** ANSI styling, or the identity when colour is off. */
export interface Style {
  red(text: string): string
  yellow(text: string): string
  green(text: string): string
  cyan(text: string): string
  dim(text: string): string
  bold(text: string): string
}

export function createStyle(color: boolean): Style {
  const c = createColors(color)
  return { red: c.red, yellow: c.yellow, green: c.green, cyan: c.cyan, dim: c.dim, bold: c.bold }
}

/**
 * Whether to colour output: `--color`/`--no-color` win, then NO_COLOR (any value) and FORCE_COLOR (`0` or `false`
 * turn it off, anything else on), then whether the stream is a terminal that is not `dumb`.
 */
export function colorWanted(options: {
  flag?: boolean
  env: Readonly<Record<string, string | undefined>>
  isTTY: boolean
}): boolean {
  if (options.flag !== undefined) return options.flag
  const { env } = options
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false'
  return options.isTTY && env.TERM !== 'dumb'
}
