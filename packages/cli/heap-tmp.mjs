import { readdirSync, readFileSync } from 'node:fs'
import { t as StrategyShard } from './dist/strategy-shard-m76qSNH4.js'
const dir = '/tmp/s3vm/files'
const names = readdirSync(dir)
const mb = (n) => (n / 1048576).toFixed(1)
const log = (label) => { gc(); const m = process.memoryUsage(); console.log(label, 'heapUsed', mb(m.heapUsed), 'heapTotal', mb(m.heapTotal), 'rss', mb(m.rss), 'ext', mb(m.external), 'ab', mb(m.arrayBuffers)) }
log('start')
const items = names.map((n, index) => ({ index, display: n, input: readFileSync(`${dir}/${n}`) }))
log('read')
const shard = new StrategyShard()
const t0 = performance.now()
const parsed = shard.parse(items, true)
console.log('parse ms', (performance.now() - t0).toFixed(0))
log('parsed')
const strategies = new Map(parsed.filter(p => p.document).map(p => [p.document.strategy, p.document]))
const t1 = performance.now()
const v = shard.validate(strategies)
console.log('validate ms', (performance.now() - t1).toFixed(0), v.reduce((a, x) => a + x.diagnostics.length, 0), 'diagnostics')
log('validated')
