import { describe, expect, it } from 'vitest'
import { allowedHostHeaders } from '../src/listen-address.ts'

describe('allowedHostHeaders', () => {
  it('takes a loopback Host without a port on port 80, where clients leave it out', () => {
    const on80 = allowedHostHeaders('127.0.0.1', 80, [])
    for (const host of ['127.0.0.1', 'LOCALHOST', '[::1]', '127.0.0.1:80'])
      expect(on80.has(host), host).toBe(true)
    expect(on80.has('evil.example')).toBe(false)
    const on8380 = allowedHostHeaders('127.0.0.1', 8380, [])
    expect(on8380.has('127.0.0.1')).toBe(false)
    expect(on8380.has('127.0.0.1:8380')).toBe(true)
    expect(on8380.has('127.0.0.1:8381')).toBe(false)
  })

  it('takes a name given without a port on any port and bare, one given with a port on that port only', () => {
    const allowed = allowedHostHeaders('127.0.0.1', 8380, ['Routing.Internal', 'edge.lan:8443'])
    for (const host of ['routing.internal', 'routing.internal:8380', 'ROUTING.INTERNAL:443', 'edge.lan:8443'])
      expect(allowed.has(host), host).toBe(true)
    for (const host of ['edge.lan', 'edge.lan:8380', 'routing.internal.evil.example', 'evil.example:8380'])
      expect(allowed.has(host), host).toBe(false)
    expect(allowed.names).toContain('routing.internal (any port)')
  })

  it('takes a portless Host for a name given with a default port (:80, :443), as a browser leaves that port out', () => {
    // http://edge.lan/ and https://web.lan/ send "Host: edge.lan" and "Host: web.lan": the port is the default
    const allowed = allowedHostHeaders('127.0.0.1', 8380, ['edge.lan:80', 'web.lan:443', 'alt.lan:8443'])
    for (const host of ['edge.lan', 'EDGE.LAN:80', 'web.lan', 'web.lan:443', 'alt.lan:8443'])
      expect(allowed.has(host), host).toBe(true)
    for (const host of ['edge.lan:443', 'web.lan:80', 'alt.lan', 'edge.lan:8380'])
      expect(allowed.has(host), host).toBe(false)
  })
})
