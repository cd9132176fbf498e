// A small Prometheus registry (counters, gauges, histograms with labels) and its text exposition format 0.0.4.

type Labels = Record<string, string>
type Samples = Array<{ labels?: Labels; value: number }>

interface Family {
  name: string
  help: string
  type: 'counter' | 'gauge' | 'histogram'
  render(): string[] | Promise<string[]>
}

function labelText(labels: Labels, extra?: [string, string]): string {
  const pairs = Object.entries(labels)
  if (extra) pairs.push(extra)
  if (pairs.length === 0) return ''
  return `{${pairs.map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"')}"`).join(',')}}`
}

/** One key per label set whatever the key order (JSON strings delimit the values); on every count, so cheap. */
function keyOf(labels: Labels): string {
  const names = Object.keys(labels)
  // insertion sort in place (the same order as sort(), by UTF-16 code units): a handful of names, and Array sort's
  // work buffer was 2.4 KB of garbage per routed interaction in serve (several counts each)
  for (let i = 1; i < names.length; i++) {
    const name = names[i]!
    let j = i - 1
    for (; j >= 0 && names[j]! > name; j--) names[j + 1] = names[j]!
    names[j + 1] = name
  }
  let key = ''
  for (const name of names) key += `${name}=${JSON.stringify(labels[name])},`
  return key
}

export class Counter {
  private readonly values = new Map<string, { labels: Labels; value: number }>()
  /** The increments `by` bound, emptied when series go (a label set counted again is bound again). */
  private readonly boundBy: Array<Map<string, Map<string | undefined, () => void>>> = []
  inc(labels: Labels = {}, by = 1): void {
    const key = keyOf(labels)
    const entry = this.values.get(key)
    if (entry) entry.value += by
    else this.values.set(key, { labels, value: by })
  }
  /** An increment of one label set, for a hot path counting the same few sets again and again. */
  bound(labels: Labels): () => void {
    const key = keyOf(labels)
    return () => {
      const entry = this.values.get(key)
      if (entry) entry.value++
      else this.values.set(key, { labels, value: 1 })
    }
  }
  /**
   * Counts by the values of one or two label names, given in that order: each label set is bound once, so a hot
   * path counts without building a label set or its key.
   */
  by(first: string, second?: string): (a: string, b?: string) => void {
    const bound = new Map<string, Map<string | undefined, () => void>>()
    this.boundBy.push(bound)
    return (a, b) => {
      let inner = bound.get(a)
      if (!inner) {
        inner = new Map()
        bound.set(a, inner)
      }
      let inc = inner.get(b)
      if (!inc) {
        inc = this.bound(second === undefined ? { [first]: a } : { [first]: a, [second]: b ?? '' })
        inner.set(b, inc)
      }
      inc()
    }
  }
  get(labels: Labels = {}): number {
    return this.values.get(keyOf(labels))?.value ?? 0
  }
  /** The values label `name` has in the series counted so far. */
  labelValues(name: string): Set<string> {
    const found = new Set<string>()
    for (const { labels } of this.values.values()) {
      const value = labels[name]
      if (value !== undefined) found.add(value)
    }
    return found
  }
  /** Drops every series whose label `name` has one of `values` (prom-client's `remove`, by one label). */
  remove(name: string, values: ReadonlySet<string>): void {
    for (const [key, { labels }] of this.values) {
      const value = labels[name]
      if (value !== undefined && values.has(value)) this.values.delete(key)
    }
    for (const bound of this.boundBy) bound.clear()
  }
  lines(name: string): string[] {
    return [...this.values.values()].map((e) => `${name}${labelText(e.labels)} ${e.value}`)
  }
}

export class Histogram {
  private readonly series = new Map<
    string,
    { labels: Labels; counts: number[]; sum: number; count: number }
  >()
  constructor(readonly buckets: readonly number[]) {}
  observe(value: number, labels: Labels = {}): void {
    const key = keyOf(labels)
    let s = this.series.get(key)
    if (!s) {
      s = { labels, counts: this.buckets.map(() => 0), sum: 0, count: 0 }
      this.series.set(key, s)
    }
    for (let i = 0; i < this.buckets.length; i++) if (value <= this.buckets[i]!) s.counts[i]!++
    s.sum += value
    s.count++
  }
  lines(name: string): string[] {
    const out: string[] = []
    for (const s of this.series.values()) {
      this.buckets.forEach((le, i) => {
        out.push(`${name}_bucket${labelText(s.labels, ['le', String(le)])} ${s.counts[i]}`)
      })
      out.push(`${name}_bucket${labelText(s.labels, ['le', '+Inf'])} ${s.count}`)
      out.push(`${name}_sum${labelText(s.labels)} ${s.sum}`)
      out.push(`${name}_count${labelText(s.labels)} ${s.count}`)
    }
    return out
  }
}

export class Registry {
  private readonly families: Family[] = []
  private readonly before: Array<() => Promise<void>> = []

  /** Runs before each render's first family (a figure read once for several families, series that go). */
  beforeRender(hook: () => Promise<void>): void {
    this.before.push(hook)
  }

  counter(name: string, help: string): Counter {
    const counter = new Counter()
    this.families.push({ name, help, type: 'counter', render: () => counter.lines(name) })
    return counter
  }

  histogram(name: string, help: string, buckets: readonly number[]): Histogram {
    const histogram = new Histogram(buckets)
    this.families.push({ name, help, type: 'histogram', render: () => histogram.lines(name) })
    return histogram
  }

  /** A gauge (or a counter kept elsewhere, such as the process's CPU time) read at scrape time. */
  gauge(
    name: string,
    help: string,
    read: () => Samples | Promise<Samples>,
    type: 'gauge' | 'counter' = 'gauge',
  ): void {
    this.families.push({
      name,
      help,
      type,
      // a figure that cannot be read now (its shared store is away) is left out; the scrape still answers
      render: async () =>
        (
          await Promise.resolve()
            .then(read)
            .catch(() => [] as Samples)
        ).map((s) => `${name}${labelText(s.labels ?? {})} ${s.value}`),
    })
  }

  async render(): Promise<string> {
    for (const hook of this.before) await hook()
    const out: string[] = []
    for (const f of this.families) {
      out.push(`# HELP ${f.name} ${f.help}`, `# TYPE ${f.name} ${f.type}`, ...(await f.render()))
    }
    return `${out.join('\n')}\n`
  }
}
