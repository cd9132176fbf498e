// A one-line progress bar redrawn in place with \r; drawn only when stderr is a terminal.

export interface ProgressBar {
  update(fraction: number): void
  done(): void
}

const WIDTH = 30

export function createProgressBar(write: (text: string) => void, label = 'simulating'): ProgressBar {
  let shown = -1
  return {
    update(fraction) {
      const percent = Math.max(0, Math.min(100, Math.floor(fraction * 100)))
      if (percent === shown) return
      shown = percent
      const filled = Math.round((percent / 100) * WIDTH)
      write(`\r${label} [${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}] ${String(percent).padStart(3)}%`)
    },
    done() {
      if (shown >= 0) write(`\r${' '.repeat(label.length + WIDTH + 8)}\r`)
    },
  }
}
