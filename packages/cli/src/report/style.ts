/** ANSI styling, used only when the output is a terminal and NO_COLOR is unset. */
export interface Style {
  red(text: string): string
  yellow(text: string): string
  green(text: string): string
  cyan(text: string): string
  dim(text: string): string
  bold(text: string): string
}

const wrap = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`

export function createStyle(color: boolean): Style {
  if (!color) {
    const id = (text: string) => text
    return { red: id, yellow: id, green: id, cyan: id, dim: id, bold: id }
  }
  return {
    red: wrap(31, 39),
    yellow: wrap(33, 39),
    green: wrap(32, 39),
    cyan: wrap(36, 39),
    dim: wrap(2, 22),
    bold: wrap(1, 22),
  }
}
