// What V8's young-generation collections cost a serve process, from its `--trace-gc-nvp` lines (one per collection,
// `name=value` pairs, written to its stdout: the serve log file). A scavenge's pause is as long as what it copies:
// objects that survived it (`new_space_survived`, copied within the young generation) and those promoted (copied
// into the old one), so bytes copied per interaction is the figure the slow 1 % of submit -> routed follows.

export interface ScavengeCost {
  scavenges: number
  /** Pause of the middle and the longest scavenge, ms. */
  pauseMedianMs: number
  pauseMaxMs: number
  /** Every scavenge's pause added up, ms: the time no request moved, whether in few long pauses or many short. */
  pauseTotalMs: number
  /** Bytes survived + promoted over every scavenge. */
  copiedBytes: number
  /** Bytes allocated in the young generation between scavenges (V8's `allocated`). */
  allocatedBytes: number
  /** Full (mark-compact) collections seen. */
  markCompacts: number
}

const field = (line: string, name: string): number => {
  const found = new RegExp(`[ :]${name}=([\\d.]+)`).exec(line)
  return found ? Number(found[1]) : 0
}

/** The cost of the scavenges in `text` (the lines a process wrote with --trace-gc-nvp; other lines are skipped). */
export function scavengeCost(text: string): ScavengeCost {
  const pauses: number[] = []
  let copiedBytes = 0
  let allocatedBytes = 0
  let markCompacts = 0
  for (const line of text.split('\n')) {
    if (/ gc=(mc|mmc) /.test(line)) markCompacts++
    if (!line.includes(' gc=s ')) continue
    pauses.push(field(line, 'pause'))
    copiedBytes += field(line, 'new_space_survived') + field(line, 'promoted')
    allocatedBytes += field(line, 'allocated')
  }
  pauses.sort((a, b) => a - b)
  return {
    scavenges: pauses.length,
    pauseMedianMs: pauses[Math.floor(pauses.length / 2)] ?? Number.NaN,
    pauseMaxMs: pauses.at(-1) ?? Number.NaN,
    pauseTotalMs: pauses.reduce((sum, pause) => sum + pause, 0),
    copiedBytes,
    allocatedBytes,
    markCompacts,
  }
}
