// Times formatStrategyText of the text on stdin in a plain Node process with the built package, as `routewright fmt`
// and the language server run it: prints the median wall and CPU milliseconds of `runs` (argv[2]) after a warm-up.
import { readFileSync } from 'node:fs'
import { formatStrategyText } from '@routewright/strategy-dsl'

const text = readFileSync(0, 'utf8')
const runs = Number(process.argv[2] ?? 31)
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
const cpu = () => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}
for (let i = 0; i < 3; i++) formatStrategyText(text)
const wall = []
const cpus = []
for (let i = 0; i < runs; i++) {
  const start = performance.now()
  const startCpu = cpu()
  formatStrategyText(text)
  cpus.push(cpu() - startCpu)
  wall.push(performance.now() - start)
}
process.stdout.write(`${JSON.stringify({ wall: median(wall), cpu: median(cpus) })}\n`)
