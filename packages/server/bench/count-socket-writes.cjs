// Preload for redis-trips.mjs: counts this process's socket.write() calls and the writes that reach the socket
// (_write/_writev, one per flush of corked chunks), and the bytes written, to Redis (RT_REDIS_PORT) and to everyone
// else (HTTP, SSE), into RT_COUNT_FILE.<pid>.<thread> every 20 ms (written aside and renamed, so a reader never sees
// half a file).
const net = require('node:net')
const fs = require('node:fs')
const port = Number(process.env.RT_REDIS_PORT)
// a worker thread runs the preload too: its own file (the sums are per process)
const file = `${process.env.RT_COUNT_FILE}.${process.pid}.${require('node:worker_threads').threadId}`
const counts = { redisWrite: 0, redisFlush: 0, otherWrite: 0, otherFlush: 0, redisBytes: 0, otherBytes: 0 }
const byteLength = (chunk, encoding) =>
  typeof chunk === 'string'
    ? Buffer.byteLength(chunk, typeof encoding === 'string' ? encoding : 'utf8')
    : (chunk?.byteLength ?? 0)
const kind = (socket) => (socket.remotePort === port ? 'redis' : 'other')
for (const [method, field] of [
  ['write', 'Write'],
  ['_write', 'Flush'],
  ['_writev', 'Flush'],
]) {
  const original = net.Socket.prototype[method]
  net.Socket.prototype[method] = function (...args) {
    counts[kind(this) + field]++
    // bytes once, at write() (a flush hands on what write() took)
    if (field === 'Write') counts[`${kind(this)}Bytes`] += byteLength(args[0], args[1])
    return original.apply(this, args)
  }
}
setInterval(() => {
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(counts))
  fs.renameSync(`${file}.tmp`, file)
}, 20).unref()
