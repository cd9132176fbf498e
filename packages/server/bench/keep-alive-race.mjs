// Shows why serve-load.mjs retires idle connections (keep-alive-idle.mjs): a request written on a keep-alive
// connection just as the server closes it for its keep-alive timeout meets a reset or a close with it in flight.
// Usage: node bench/keep-alive-race.mjs  ->  e.g. { answered: 44, ECONNRESET: 16, 'closed in flight': 60 }
import { createServer } from 'node:http'
import { connect } from 'node:net'

const server = createServer((req, res) => {
  req.resume()
  req.on('end', () => res.end('{}'))
})
// Node 20 answers `Keep-Alive: timeout=0` for this and closes the idle connection about 1.1 s later
server.keepAliveTimeout = 100
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
const { port } = server.address()
const request = 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}'
const outcomes = {}
for (let i = 0; i < 120; i++) {
  // the second request is written after 1,080-1,119 ms of idle: across the server's close
  const outcome = await new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' })
    let answers = 0
    const end = (what) => {
      socket.destroy()
      resolve(what)
    }
    socket.on('error', (error) => end(error.code))
    socket.on('close', () => end(answers === 1 ? 'closed in flight' : 'closed'))
    socket.on('data', () => {
      answers++
      if (answers === 1) setTimeout(() => socket.write(request), 1080 + (i % 40))
      else end('answered')
    })
    socket.write(request)
  })
  outcomes[outcome] = (outcomes[outcome] ?? 0) + 1
}
server.close()
process.stdout.write(`${JSON.stringify(outcomes)}\n`)
