// The day store-ab.mjs and store-write.mjs simulate: taggedPool(50, '5m') of test/routers.ts and the bench's
// workload, about 10,800 interactions in 12 hours.
const agents = Object.fromEntries(
  Array.from({ length: 50 }, (_, i) => [`p${i}`, { groups: ['pool'], capacity: { voice: 1 } }]),
)
// taggedPool(50, '5m') of test/routers.ts and the bench's workload: about 10,800 interactions in 12 hours
export const benchDay = {
  strategy: 'pool',
  strategies: [
    {
      strategy: 'pool',
      format: 1,
      start: 'tag',
      nodes: {
        tag: { type: 'attach', set: { Tier: '"gold"' }, next: 'pick' },
        pick: { type: 'target', targets: [{ group: 'pool' }], wait: '5m', next: { timeout: 'bye' } },
        bye: { type: 'end', outcome: 'default-route' },
      },
    },
  ],
  directory: { directory: 'pool', format: 1, groups: { pool: {} }, agents },
  arrivalsPerHour: 900,
  ahtSeconds: 180,
  durationHours: 12,
  patienceSeconds: 300,
  seed: 5,
}
