import { readdirSync, readFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import { t as StrategyShard } from './dist/strategy-shard-m76qSNH4.js'
const dir = '/tmp/s3vm/files'
const names = readdirSync(dir).slice(0, 300)
const items = names.map((n, index) => ({ index, display: n, input: readFileSync(`${dir}/${n}`) }))
const shard = new StrategyShard()
const parsed = shard.parse(items, true)
const strategies = new Map(parsed.filter(p => p.document).map(p => [p.document.strategy, p.document]))
const s = new Session(); s.connect()
await s.post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true })
shard.validate(strategies)
const { profile } = await s.post('HeapProfiler.stopSampling')
const self = new Map(); const total = new Map()
function walk(node, stack) {
  const name = `${node.callFrame.functionName || '(anon)'} ${node.callFrame.url.split('/').slice(-2).join('/')}:${node.callFrame.lineNumber}`
  self.set(name, (self.get(name) ?? 0) + node.selfSize)
  const st = new Set([...stack, name]); 
  let sum = node.selfSize; for (const c of node.children) sum += walk(c, st)
  if (!stack.has(name)) total.set(name, (total.get(name) ?? 0) + sum)
  return sum
}
const all = walk(profile.head, new Set())
console.log('total MB', (all/1048576).toFixed(1))
const top = (m) => [...m].sort((a,b)=>b[1]-a[1]).slice(0,25).map(([k,v])=>`${(v/1048576).toFixed(1)} ${k}`).join('\n')
console.log('--- self\n' + top(self)); console.log('--- total\n' + top(total))
