// What an item of Kamailio's `ended` htable costs in its shared memory: a running Kamailio (the stack's, from this
// build's dist) asked `core.shmmem` before and after ROUNDS x N items of the size kamailio.cfg writes after a BYE
// (`bye|<s.µs>|<REFER mark>|<talking value>` under `<Call-ID>|<From tag>`), set over JSON-RPC as the config sets them.
// The mark is empty unless ENDED_MARKED=1: every leg REFERed away (`{"to":"5001","from":"agent<n>"}`, base64).
// Run: npm run build -w packages/telephony && node packages/telephony/bench/ended-table-memory.mjs
import { loadBuiltHistoryKit } from '../dist/history-kit.js'
import { startTelephonyStack } from '../dist/index.js'

const N = Number(process.env.ENDED_ITEMS ?? 2000)
const ROUNDS = Number(process.env.ENDED_ROUNDS ?? 5)

// sizes of a real phone's dialog: a 36-character Call-ID, a 10-character tag, the agent's contact and 200 OK To
const callId = (i) => `${String(i).padStart(8, '0')}-4b1e-4c6a-9d2f-5a3c7e9b1d42`
const key = (i) => `${callId(i)}|${'9f3a7c21'}${String(i % 100).padStart(2, '0')}`
const talking = (i) =>
  `talking|agent${i % 50}|1796133248.830228|sip:agent${i % 50}@192.168.10.${i % 200}:5060;transport=udp|<sip:5000@10.0.0.1:5060>;tag=as${String(i).padStart(8, '0')}`
const mark = (i) =>
  process.env.ENDED_MARKED === '1'
    ? Buffer.from(JSON.stringify({ to: '5001', from: `agent${i % 50}` })).toString('base64')
    : ''
const value = (i) => `bye|1796133260.120044|${mark(i)}|${talking(i)}`

// the stack's serve reads the workspace's alarms.yaml, which needs the history build (as calls-dump-size does)
const s = await startTelephonyStack({
  agents: [{ id: 'ann' }],
  endedKeepS: 3600,
  historyKit: await loadBuiltHistoryKit(),
})
try {
  const rpc = s.kamailioRpc.call
  const used = async () => (await rpc('core.shmmem')).real_used
  const perItem = []
  let next = 0
  for (let round = 0; round < ROUNDS; round++) {
    const before = await used()
    for (let i = 0; i < N; i++, next++) await rpc('htable.sets', ['ended', key(next), value(next)])
    const after = await used()
    perItem.push((after - before) / N)
  }
  const stats = await rpc('htable.stats')
  const sorted = [...perItem].sort((a, b) => a - b)
  console.log(
    JSON.stringify(
      {
        items: next,
        keyChars: key(0).length,
        valueChars: value(0).length,
        bytesPerItemByRound: perItem.map((b) => Math.round(b)),
        medianBytesPerItem: Math.round(sorted[Math.floor(sorted.length / 2)]),
        htableStats: stats,
      },
      null,
      1,
    ),
  )
} finally {
  await s.stop()
}
