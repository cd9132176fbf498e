#!/usr/bin/env node
// A chat platform bridged to `routewright serve`: the platform's webhooks (new conversation, agent presence,
// conversation closed) become API calls; the server's event stream (SSE, resumed with Last-Event-ID) assigns
// conversations to agents. Plain Node 20, no dependencies.
//
//   routewright serve --workspace examples --port 8380
//   node examples/hosts/chat-bridge.mjs --router http://127.0.0.1:8380 --port 8390
//   curl -XPOST localhost:8390/webhooks/chat -d '{"event":"agent.presence","agent":"ann","status":"online"}'
//   curl -XPOST localhost:8390/webhooks/chat -d '{"event":"conversation.created","conversation":{"id":"42"}}'
//   curl localhost:8390/conversations/42
import { createServer } from 'node:http'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'

const PRESENCE = { online: 'ready', away: 'not-ready', offline: 'logged-out' }

/** Starts the bridge; `strategy` is the strategy new chats run (the examples' chat experiment by default). */
export async function startChatBridge({ router, port = 8390, token, strategy = 'ab-test' }) {
  const conversations = new Map()
  const headers = {
    'content-type': 'application/json',
    ...(token ? { authorization: `Bearer ${token}` } : {}),
  }
  const call = async (method, path, body) => {
    const response = await fetch(`${router}${path}`, { method, headers, body: body && JSON.stringify(body) })
    return { status: response.status, body: await response.json() }
  }

  // the platform's webhooks
  async function onWebhook(event) {
    switch (event?.event) {
      case 'conversation.created': {
        const id = String(event.conversation?.id ?? '')
        // platforms deliver a webhook again when its answer was late: the chat keeps what it has (an agent)
        if (!conversations.has(id)) conversations.set(id, { id, status: 'waiting' })
        const answer = await call('POST', '/v1/interactions', {
          id: `chat-${id}`,
          strategy,
          media: 'chat',
          data: {},
        })
        // already submitted by this delivery's first copy: serve answers the interaction (200, `replayed`), done
        if (answer.status === 201 || answer.body.replayed === true) return 202
        conversations.set(id, { id, status: 'refused', reason: answer.body.error, code: answer.body.code })
        return 502
      }
      case 'agent.presence': {
        const state = PRESENCE[event.status]
        if (!state) return 400
        const answer = await call('PUT', `/v1/agents/${encodeURIComponent(event.agent)}/state`, {
          state,
          media: 'chat',
        })
        if (answer.status === 200) return 202
        // serve's 4xx (no-media: the agent takes no chat; unknown-agent; out-of-order) is the same on every retry:
        // a 4xx the platform does not retry, with why; only serve's 5xx (unavailable) is worth a retry
        if (answer.status < 500)
          return { status: 422, body: { error: answer.body.error, code: answer.body.code } }
        return 502
      }
      case 'conversation.closed': {
        const conversation = conversations.get(String(event.conversation?.id))
        if (!conversation) return 404
        const action = conversation.status === 'assigned' ? 'complete' : 'abandon'
        await call('POST', `/v1/interactions/chat-${conversation.id}/${action}`)
        conversation.status = 'closed'
        return 202
      }
      default:
        return 400
    }
  }

  // the router's decisions, from its event stream
  function onRouterEvent(event) {
    if (!event.interaction?.startsWith('chat-')) return
    const conversation = conversations.get(event.interaction.slice('chat-'.length))
    if (!conversation) return
    if (event.type === 'routed') {
      // a real bridge would offer the chat to the agent's console here; this one accepts at once
      Object.assign(conversation, { status: 'assigned', agent: event.agent, why: event.explanation?.reason })
      // naming the reservation: a late accept never confirms a newer reservation made after this one timed out
      void call('POST', `/v1/interactions/${event.interaction}/confirm`, { reservation: event.reservation })
    } else if (event.type === 'finished' && event.outcome !== 'routed') {
      Object.assign(conversation, { status: 'unassigned', outcome: event.outcome })
    }
  }

  const stream = new AbortController()
  let lastEventId
  let connected
  // a stream opened without a last id starts with the next event: webhooks wait for it, so no offer goes unseen
  const firstConnection = new Promise((resolve) => {
    connected = resolve
  })
  async function follow() {
    while (!stream.signal.aborted) {
      try {
        const response = await fetch(`${router}/v1/events`, {
          headers: { ...headers, ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
          signal: stream.signal,
        })
        if (!response.ok) throw new Error(`/v1/events answered ${response.status}`)
        connected()
        const decoder = new TextDecoder()
        let buffer = ''
        for await (const chunk of response.body) {
          buffer += decoder.decode(chunk, { stream: true })
          for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
            const lines = buffer.slice(0, end).split('\n')
            buffer = buffer.slice(end + 2)
            const id = lines.find((l) => l.startsWith('id: '))?.slice(4)
            const data = lines.find((l) => l.startsWith('data: '))?.slice(6)
            if (id) lastEventId = id
            if (data) onRouterEvent(JSON.parse(data))
          }
        }
      } catch {
        // the server restarted or the network dropped: resume from the last event seen
      }
      if (!stream.signal.aborted) await new Promise((resolve) => setTimeout(resolve, 500))
    }
  }
  const following = follow()
  await firstConnection

  const server = createServer(async (req, res) => {
    const reply = (status, body) => {
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(JSON.stringify(body ?? {}))
    }
    try {
      const match = /^\/conversations\/([^/]+)$/.exec(req.url ?? '')
      if (req.method === 'GET' && match) {
        const conversation = conversations.get(decodeURIComponent(match[1]))
        return conversation ? reply(200, conversation) : reply(404, { error: 'unknown conversation' })
      }
      if (req.method !== 'POST' || req.url !== '/webhooks/chat') return reply(404, { error: 'not found' })
      let text = ''
      for await (const chunk of req) text += chunk
      const answer = await onWebhook(JSON.parse(text))
      if (typeof answer === 'number') reply(answer)
      else reply(answer.status, answer.body)
    } catch (error) {
      reply(400, { error: String(error?.message ?? error) })
    }
  })
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    conversations,
    async close() {
      stream.abort()
      await following
      await new Promise((resolve) => server.close(resolve))
    },
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: {
      router: { type: 'string', default: 'http://127.0.0.1:8380' },
      port: { type: 'string', default: '8390' },
    },
  })
  const bridge = await startChatBridge({
    router: values.router,
    port: Number(values.port),
    token: process.env.ROUTEWRIGHT_API_TOKEN,
  })
  console.log(`chat bridge on ${bridge.url}, routing through ${values.router}`)
  process.on('SIGTERM', () => bridge.close().then(() => process.exit(0)))
  process.on('SIGINT', () => bridge.close().then(() => process.exit(0)))
}
