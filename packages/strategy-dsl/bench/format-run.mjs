// Times formatStrategyText of the text on stdin in a plain Node process with the built package, as `routewright fmt`
// and the language server run it: prints the median wall and CPU milliseconds of `runs` (argv[2]) after a warm-up.
// With argv[3] `yaml`, times the yaml package's parseDocument of the same text instead: the formatter's floor.
import { readFileSync } from 'node:fs'
import { formatStrategyText } from '@routewright/strategy-dsl'
import { parseDocument } from 'yaml'

const text = readFileSync(0, 'utf8')
const runs = Number(process.argv[2] ?? 31)
// the options the formatter's read uses (read-source.ts)
const YAML_OPTIONS = { prettyErrors: false, uniqueKeys: false, strict: true, keepSourceTokens: false }
const work =
  process.argv[3] === 'yaml' ? () => parseDocument(text, YAML_OPTIONS) : () => formatStrategyText(text)
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
const cpu = () => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}
for (let i = 0; i < 3; i++) work()
const wall = []
const cpus = []
for (let i = 0; i < runs; i++) {
  const start = performance.now()
  const startCpu = cpu()
  work()
  cpus.push(cpu() - startCpu)
  wall.push(performance.now() - start)
}
process.stdout.write(`${JSON.stringify({ wall: median(wall), cpu: median(cpus) })}\n`)
