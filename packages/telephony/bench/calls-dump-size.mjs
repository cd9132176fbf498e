// How many bytes Kamailio's `htable.dump calls` answer takes a held call: a running Kamailio (the stack's, from this
// build's dist) holding N talking calls of a real phone's sizes, its JSON-RPC answer read raw; it sizes
// KAMAILIO_ANSWER_MAX_BYTES (src/kamailio-rpc.ts).
// Run: npm run build -w packages/telephony && node packages/telephony/bench/calls-dump-size.mjs
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { loadBuiltHistoryKit } from '../dist/history-kit.js'
import { startTelephonyStack } from '../dist/index.js'

const N = Number(process.env.CALLS_ITEMS ?? 5000)

// the sizes of bench/ended-table-memory.mjs: a 36-character Call-ID, a 10-character tag, a talking value of 137
const callId = (i) => `${String(i).padStart(8, '0')}-4b1e-4c6a-9d2f-5a3c7e9b1d42`
const key = (i) => `${callId(i)}|${'9f3a7c21'}${String(i % 100).padStart(2, '0')}`
const talking = (i) =>
  `talking|agent${i % 50}|1796133248.830228|sip:agent${i % 50}@192.168.10.${i % 200}:5060;transport=udp|<sip:5000@10.0.0.1:5060>;tag=as${String(i).padStart(8, '0')}`

const runDir = mkdtempSync(path.join(tmpdir(), 'calls-dump-'))
const s = await startTelephonyStack({
  agents: [{ id: 'ann' }],
  runDir,
  historyKit: await loadBuiltHistoryKit(),
})
try {
  const config = readFileSync(path.join(runDir, 'kamailio.cfg'), 'utf8')
  const rpcListen = config.match(/^listen=tcp:([\d.]+:\d+)$/m)?.[1]
  const dump = async () => {
    const response = await fetch(`http://${rpcListen}/RPC`, {
      method: 'POST',
      body: JSON.stringify({ jsonrpc: '2.0', method: 'htable.dump', params: ['calls'], id: 1 }),
    })
    return (await response.arrayBuffer()).byteLength
  }
  const empty = await dump()
  for (let i = 0; i < N; i++) await s.kamailioRpc.call('htable.sets', ['calls', key(i), talking(i)])
  const full = await dump()
  console.log(
    JSON.stringify({
      calls: N,
      keyChars: key(0).length,
      valueChars: talking(0).length,
      emptyDumpBytes: empty,
      dumpBytes: full,
      bytesPerCall: Math.round((full - empty) / N),
    }),
  )
} finally {
  await s.stop()
  rmSync(runDir, { recursive: true, force: true })
}
