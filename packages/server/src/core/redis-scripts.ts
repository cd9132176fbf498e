// The Redis side of several routers sharing one Redis: key names, and the Lua scripts that make the routing
// lease (with its fencing epoch) and each commit of routing state (reservations checked against capacity) atomic.

/** Key names under one prefix (default `routewright:`), so several clusters can share a Redis. */
export function redisKeys(prefix: string) {
  return {
    leader: `${prefix}leader`,
    /**
     * `{process, capabilities}`: the names the lease's holder takes, written with the lease and expiring with it (an
     * older routing process writes none).
     */
    leaderCapabilities: `${prefix}leader-capabilities`,
    epoch: `${prefix}epoch`,
    current: `${prefix}current`,
    versions: `${prefix}versions`,
    agents: `${prefix}agents`,
    interactions: `${prefix}interactions`,
    /**
     * What each open interaction was submitted with (its view's `submitted`), written once by its first commit, not
     * with every rewrite of its entry in `interactions`, and deleted with that entry (its closed view keeps it).
     */
    submitted: `${prefix}submitted`,
    holds: `${prefix}holds`,
    loadPrefix: `${prefix}load:`,
    events: `${prefix}events`,
    /** `closed:<id>`: the view of an interaction that ended, kept for reading (TTL and capped count). */
    closedPrefix: `${prefix}closed:`,
    /**
     * The ids under `closed:`, a sorted set scored by the order their views were written (oldest lowest): the count
     * cap pops the lowest; a view written again moves its id to the end (ZADD), so no id is listed twice.
     */
    closedOrder: `${prefix}closed-ids`,
    /** The list the ids were kept in before (pass closedset): the first takeover moves them over and deletes it. */
    closedOrderList: `${prefix}closed-order`,
    /** The id of the last commit applied: a commit sent right behind another one is refused when that one was not. */
    commitChain: `${prefix}commit-chain`,
    commands: `${prefix}commands`,
    control: `${prefix}control`,
    reply: (process: string) => `${prefix}reply:${process}`,
  }
}

export type RedisKeys = ReturnType<typeof redisKeys>

/**
 * Takes the routing lease when nobody holds it. KEYS: leader, epoch, leader-capabilities (optional), control
 * (optional). ARGV: process id, lease ms, whether a missing epoch is acceptable (a fresh cluster) or means Redis lost
 * its data (then the old leader re-seeds first), the capabilities record. Returns the new epoch, 0 when someone holds
 * the lease, -1 when the data is missing and that is not accepted. Taken, it publishes `leader-taken` on control in
 * the same call: the other processes read the new list at once, not at their next lease tick.
 */
export const ACQUIRE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
if redis.call('EXISTS', KEYS[2]) == 0 and ARGV[3] ~= '1' then return -1 end
local epoch = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
if KEYS[3] then redis.call('SET', KEYS[3], ARGV[4], 'PX', ARGV[2]) end
if KEYS[4] then redis.call('PUBLISH', KEYS[4], 'leader-taken') end
return epoch
`

/**
 * Keeps the lease. KEYS: leader, epoch, leader-capabilities (optional). ARGV: process id, lease ms, epoch, the
 * capabilities record. Returns 1 when renewed; 0 when another process leads or the epoch moved on (this process must
 * stop routing); -1 when Redis lost its data.
 */
export const RENEW = `
local epoch = redis.call('GET', KEYS[2])
if not epoch then return -1 end
if epoch ~= ARGV[3] then return 0 end
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
if KEYS[3] then redis.call('SET', KEYS[3], ARGV[4], 'PX', ARGV[2]) end
return 1
`

/**
 * The routing process takes its lease back from a Redis that lost its data, lease and epoch at once: written one
 * after the other, another process's ACQUIRE in between found the epoch without a lease, took it and routed from
 * the empty Redis (what the first one held was lost). KEYS: leader, epoch, leader-capabilities (optional). ARGV:
 * process id, lease ms, new epoch, the capabilities record. Returns 1 when taken back, 0 when another process took
 * the lease meanwhile (an epoch exists again).
 */
export const RECLAIM = `
if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('SET', KEYS[2], ARGV[3])
if KEYS[3] then redis.call('SET', KEYS[3], ARGV[4], 'PX', ARGV[2]) end
return 1
`

/**
 * An interaction's trace as the last commit left it, in one call: a connected one's stored entry (it carries its
 * trace), else an ended one's view. KEYS: interactions, closed:<id>. ARGV: id. Returns the entry's JSON, the view's
 * JSON, or 0 when Redis holds no trace of it (waiting or reserved ones' traces are only the routing process's).
 */
export const STORED_TRACE = `
local stored = redis.call('HGET', KEYS[1], ARGV[1])
if stored then return {'stored', stored} end
local closed = redis.call('GET', KEYS[2])
if closed then return {'closed', closed} end
return 0
`

/** Lets go of the lease (SIGTERM). KEYS: leader, leader-capabilities (optional). ARGV: process id. */
export const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  if KEYS[2] then redis.call('DEL', KEYS[2]) end
  return 1
end
return 0
`

/**
 * A reservation ('c': interaction, agent, media, capacity rule, its id), its release ('r': interaction, and the id
 * of the reservation it ends, when one does) or its confirmation ('k': interaction, reservation id). An id named by
 * 'r' or 'k' must be the one Redis holds for the interaction, or the whole commit is refused ('stale').
 */
export type CommitHold =
  | [kind: 'c', interaction: string, agent: string, media: string, rule: unknown, reservation?: string]
  | [kind: 'r', interaction: string, reservation?: string]
  | [kind: 'k', interaction: string, reservation: string]

/** What one commit writes; the JSON texts travel as plain arguments, so the script decodes only the small head. */
export interface CommitOps {
  holds: CommitHold[]
  /** [interaction, stored JSON] to keep, and interactions to forget. */
  set: Array<[string, string]>
  /** [interaction, submitted fields JSON] written once, on its first commit. */
  submitted?: Array<[string, string]>
  del: string[]
  /** Some of `del` have submitted fields in Redis: they go too. */
  delSubmitted?: boolean
  /** Submitted fields to delete apart from `del`'s (a takeover found them orphaned or unreadable). */
  dropSubmitted?: string[]
  /** [agent, host agent events JSON]. */
  agents: Array<[string, string]>
  /** [tag, event JSON, submitted input JSON?, ...anything the caller keeps beside them]. */
  events: ReadonlyArray<readonly [tag: string, json: string, input?: string | undefined, ...rest: unknown[]]>
  /** [interaction, view JSON] of interactions that ended. */
  closed: Array<[string, string]>
  maxEvents: number
  closedTtlMs: number
  maxClosed: number
  current?: string
  /** The current version's stored copy, written unless Redis has one. */
  currentStored?: string
  /** Versions whose stored copy goes (retired, and no stored interaction names them); never the current one. */
  retired?: string[]
  /** A re-seed: the holds sent are the whole state. */
  reset?: boolean
}

/**
 * The keys and arguments of one COMMIT. `after` is the id of the commit sent just before this one on the same
 * connection (the leader sends the next commit without waiting for the last answer): when Redis did not apply that
 * one, this one is refused as 'gap' and changes nothing. Without `after` nothing is checked (nothing is in flight).
 */
export function commitCall(
  keys: RedisKeys,
  epoch: number,
  id: string,
  after: string | undefined,
  ops: CommitOps,
): [keys: string[], args: string[]] {
  // the limits only where the script uses them (most commits have events or a closed view, few have both), and an
  // empty part not at all (the script reads it as none): each commit's head is sent whole; built in place, not
  // spread from one small object per field
  const head: Record<string, unknown> = {}
  if (ops.holds.length > 0) head.holds = ops.holds
  if (ops.del.length > 0) head.del = ops.del
  if (ops.events.length > 0) head.maxEvents = ops.maxEvents
  if (ops.closed.length > 0) {
    head.closedTtlMs = ops.closedTtlMs
    head.maxClosed = ops.maxClosed
  }
  if (ops.set.length > 0) head.sets = ops.set.length
  if (ops.submitted !== undefined && ops.submitted.length > 0) head.submitted = ops.submitted.length
  if (ops.delSubmitted) head.delSubmitted = true
  if (ops.dropSubmitted !== undefined && ops.dropSubmitted.length > 0) head.dropSubmitted = ops.dropSubmitted
  if (ops.agents.length > 0) head.agents = ops.agents.length
  if (ops.events.length > 0) head.events = ops.events.length
  if (ops.closed.length > 0) head.closed = ops.closed.length
  if (ops.current !== undefined) head.current = ops.current
  if (ops.currentStored !== undefined) head.stored = true
  if (ops.retired !== undefined) head.retired = ops.retired
  if (ops.reset) head.reset = true
  const args = [String(epoch), keys.loadPrefix, JSON.stringify(head), keys.closedPrefix, after ?? '', id]
  for (const [key, value] of ops.set) args.push(key, value)
  for (const [key, value] of ops.submitted ?? []) args.push(key, value)
  for (const [key, value] of ops.agents) args.push(key, value)
  for (const [tag, event, input] of ops.events) args.push(tag, event, input ?? '')
  for (const [key, value] of ops.closed) args.push(key, value)
  if (ops.currentStored !== undefined) args.push(ops.currentStored)
  return [
    [
      keys.epoch,
      keys.holds,
      keys.interactions,
      keys.agents,
      keys.events,
      keys.current,
      keys.closedOrder,
      keys.commitChain,
      keys.versions,
      // only on the commits that use it (an interaction's first and last): its name costs bytes on every other
      ...(head.submitted !== undefined || ops.delSubmitted || head.dropSubmitted !== undefined
        ? [keys.submitted]
        : []),
    ],
    args,
  ]
}

/**
 * Drops from the front of the closed order the ids whose view expired: views expire in the order written (one
 * `--closed-ttl` per cluster, and a view written again moves its id to the end), so those are the oldest; an id
 * behind a view still kept waits for it. Each step is O(log n) (a sorted set: ZRANGE of the first, ZPOPMIN).
 */
const dropExpired = (orderKey: string, closedPrefix: string) => `
local function dropExpired()
  local first = redis.call('ZRANGE', ${orderKey}, 0, 0)
  while first[1] and redis.call('EXISTS', ${closedPrefix} .. first[1]) == 0 do
    redis.call('ZPOPMIN', ${orderKey})
    first = redis.call('ZRANGE', ${orderKey}, 0, 0)
  end
end
`

/**
 * Keeps ended interactions' views: `closed:<id>` for ttl ms, at most `max` of them (the oldest dropped first), and
 * drops the ids of views that expired. Lua, used by COMMIT and STORE_CLOSED: the views are `count` [id, view] pairs
 * of ARGV from `from`. Each id is scored one above the newest (ZADD moves one listed already to the end: an id whose
 * view expired behind an older one kept, stored again, is listed once, and the cap does not delete its new view as
 * the old one's): O(log n) per view, where finding an earlier entry in a list (LREM) was O(n).
 */
const keepClosed = (orderKey: string, closedPrefix: string) => `${dropExpired(orderKey, closedPrefix)}
local function keepClosed(from, count, ttlMs, max)
  dropExpired()
  local ttl = tostring(math.floor(ttlMs))
  local last = redis.call('ZRANGE', ${orderKey}, -1, -1, 'WITHSCORES')
  local score = tonumber(last[2] or '0')
  for i = from, from + 2 * count - 1, 2 do
    score = score + 1
    redis.call('ZADD', ${orderKey}, score, ARGV[i])
    redis.call('SET', ${closedPrefix} .. ARGV[i], ARGV[i + 1], 'PX', ttl)
  end
  local over = redis.call('ZCARD', ${orderKey}) - max
  if over > 0 then
    local popped = redis.call('ZPOPMIN', ${orderKey}, over)
    for i = 1, #popped, 2 do redis.call('DEL', ${closedPrefix} .. popped[i]) end
  end
end
`

/**
 * Writes ended interactions' views again (a re-seed after Redis lost its data); no fencing: they are facts.
 * KEYS: closed order. ARGV: closed key prefix, closedTtlMs, maxClosed, then [id, view JSON] pairs.
 */
export const STORE_CLOSED = `${keepClosed('KEYS[1]', 'ARGV[1]')}
keepClosed(4, (#ARGV - 3) / 2, tonumber(ARGV[2]), tonumber(ARGV[3]))
return 1
`

/**
 * The ids of the interactions that ended and whose views are kept, oldest first (those of expired views dropped
 * first). KEYS: closed order. ARGV: closed key prefix.
 */
export const CLOSED_IDS = `${dropExpired('KEYS[1]', 'ARGV[1]')}
dropExpired()
return redis.call('ZRANGE', KEYS[1], 0, -1)
`

/**
 * Moves the last 500 ids of the list a server before pass closedset kept them in into the closed order, below its
 * oldest (each chunk is older than those moved before it and than any this server wrote): an id whose view expired is
 * left out, one listed twice keeps its last place, one in the closed order already keeps its own. A takeover calls it
 * until it answers 0, before CLOSED_IDS: a chunk at a time, so no call holds Redis long, and never in a commit.
 * KEYS: closed order, the old list. ARGV: closed key prefix. Returns how many ids are left in the list.
 */
export const MOVE_CLOSED_LIST = `
if redis.call('TYPE', KEYS[2]).ok ~= 'list' then return 0 end
local listed = redis.call('LRANGE', KEYS[2], -500, -1)
redis.call('LTRIM', KEYS[2], 0, -501)
local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
local start = tonumber(first[2] or '1') - 1 - #listed
local last = {}
for i, id in ipairs(listed) do last[id] = i end
local batch = {}
for i, id in ipairs(listed) do
  local kept = last[id] == i and redis.call('EXISTS', ARGV[1] .. id) == 1
  if kept and (not first[1] or not redis.call('ZSCORE', KEYS[1], id)) then
    batch[#batch + 1] = start + i
    batch[#batch + 1] = id
  end
end
if #batch > 0 then redis.call('ZADD', KEYS[1], unpack(batch)) end
return redis.call('LLEN', KEYS[2])
`

/**
 * One commit of the leader's routing state, all or nothing; its keys and arguments come from commitCall. KEYS:
 * epoch, holds, interactions, agents, events, current, closed order, commit chain, versions, and submitted with
 * `submitted`, `delSubmitted` or `dropSubmitted`. ARGV: epoch, load key prefix, JSON head `{ holds: [[kind 'c'|'r', interaction,
 * agent?, media?, rule?]...], del: [id], maxEvents (with events), closedTtlMs, maxClosed (with closed views), sets,
 * submitted, agents, events, closed (how many of each follow), current?, stored?, retired?, reset?, delSubmitted?,
 * dropSubmitted?: [id] }`,
 * closed key prefix, the commit this one follows ('' for none), this commit's id, then `sets` [id, stored JSON]
 * pairs, `submitted` [id, submitted fields JSON] pairs (an interaction's first commit; `delSubmitted`: the `del`
 * ones go from there too), `agents` [agent, JSON] pairs, `events` [tag, event JSON, input JSON or ''] triples,
 * `closed` [id, view JSON] and, with `stored`, the current version's stored copy (kept if Redis has one). The stored copies of the
 * `retired` versions are deleted (the routing process sends one once no interaction it stores names it), the
 * current version's never: a deploy of it again may be in flight.
 * An event's input (the submitted InteractionInput, on its first event) goes into the stream entry as field `i`.
 * Closed views are kept under `closed:<id>` for closedTtlMs, and at most maxClosed of them (oldest dropped).
 * A hold ('c') of an interaction already held on the same agent and media changes no load (a retried commit);
 * `reset` (a re-seed) replaces every hold and load, so the holds sent are the whole state. Every check runs before
 * the first write: a refused commit (any answer but 'ok') leaves Redis as it was, a re-seed's old holds included.
 * A hold keeps its reservation's id; a confirmation ('k') or a release ('r') naming another id than the one held
 * (a host's late answer to a reservation that was made again) refuses the whole commit: 'stale:<interaction>:<id>'.
 * The check is here, in the script that applies the change, not read from Redis first by the routing process.
 * Reservations ('c') are checked against the agent's capacity rule (limits and combinations, as the DSL's
 * fitsCapacity) over the load every process's interactions hold; one that does not fit refuses the whole commit.
 * Returns ['ok', ...the stream ids of the events], or 'lost' (Redis restarted without its data: re-seed),
 * 'fenced' (another process leads now), 'gap' (the commit it follows was not applied: nothing was written),
 * 'over:<agent>:<interaction>' or 'stale:<interaction>:<reservation>'.
 */
export const COMMIT = `${keepClosed('KEYS[7]', 'ARGV[4]')}
local current = redis.call('GET', KEYS[1])
if not current then return 'lost' end
if current ~= ARGV[1] then return 'fenced' end
if ARGV[5] ~= '' and redis.call('GET', KEYS[8]) ~= ARGV[5] then return 'gap' end
local ops = cjson.decode(ARGV[3])
-- an empty part is left out of the head (its bytes are sent with every commit)
ops.holds = ops.holds or {}
ops.del = ops.del or {}
ops.sets = ops.sets or 0
ops.submitted = ops.submitted or 0
ops.agents = ops.agents or 0
ops.events = ops.events or 0
ops.closed = ops.closed or 0
local prefix = ARGV[2]
-- every check runs before the first write, so a refused commit leaves Redis exactly as it was
-- a re-seed replaces every hold and load: the agents of the holds Redis has now start from no load here, and their
-- keys are deleted only once every check passed
local dropped = {}
if ops.reset then
  local flat = redis.call('HGETALL', KEYS[2])
  for i = 2, #flat, 2 do dropped[cjson.decode(flat[i])[1]] = true end
end
local loads = {}
local function loadOf(agent)
  local l = loads[agent]
  if l then return l end
  l = {}
  if not dropped[agent] then
    local flat = redis.call('HGETALL', prefix .. agent)
    for i = 1, #flat, 2 do l[flat[i]] = tonumber(flat[i + 1]) end
  end
  loads[agent] = l
  return l
end
local function within(counts, load, media)
  if (load[media] or 0) + 1 > (counts[media] or 0) then return false end
  for m, n in pairs(load) do
    if m ~= media and n > 0 and n > (counts[m] or 0) then return false end
  end
  return true
end
local function fits(rule, load, media)
  if type(rule.limits) == 'table' and not within(rule.limits, load, media) then return false end
  if type(rule.combinations) ~= 'table' then return true end
  for _, c in ipairs(rule.combinations) do
    if within(c, load, media) then return true end
  end
  return false
end
-- check every reservation in order against the loads as the earlier operations leave them
local held = {}
local touched = {}
local function holdOf(id)
  local hold = held[id]
  if hold == nil then
    -- a re-seed's holds are the whole state: none of those Redis has now counts
    local stored = not ops.reset and redis.call('HGET', KEYS[2], id)
    if stored then hold = cjson.decode(stored) else hold = false end
  end
  return hold
end
local function release(hold)
  local load = loadOf(hold[1])
  load[hold[2]] = math.max(0, (load[hold[2]] or 0) - 1)
  touched[hold[1]] = true
end
-- a reservation id named by a confirmation or a release must be the one held (holds of older servers name none)
local function named(value) if type(value) == 'string' then return value end return nil end
local function otherThan(hold, reservation)
  return hold and named(hold[3]) ~= nil and hold[3] ~= reservation
end
for _, h in ipairs(ops.holds) do
  local id = h[2]
  local hold = holdOf(id)
  if h[1] == 'c' then
    -- idempotent per interaction: a commit sent again (its reply was lost) does not count the load twice
    if hold and hold[1] == h[3] and hold[2] == h[4] then
      if named(h[6]) and hold[3] ~= h[6] then held[id] = { h[3], h[4], h[6] } end
    else
      if hold then release(hold) end
      local load = loadOf(h[3])
      if not fits(h[5], load, h[4]) then return 'over:' .. h[3] .. ':' .. id end
      load[h[4]] = (load[h[4]] or 0) + 1
      held[id] = { h[3], h[4], named(h[6]) }
      touched[h[3]] = true
    end
  elseif h[1] == 'k' then
    if not hold or otherThan(hold, h[3]) then return 'stale:' .. id .. ':' .. tostring(h[3]) end
  else
    if named(h[3]) and otherThan(hold, h[3]) then return 'stale:' .. id .. ':' .. h[3] end
    if hold then release(hold) end
    held[id] = false
  end
end
-- every check passed: from here on the commit is written whole
if ops.reset then
  for agent in pairs(dropped) do redis.call('DEL', prefix .. agent) end
  redis.call('DEL', KEYS[2])
end
for id, hold in pairs(held) do
  if hold then redis.call('HSET', KEYS[2], id, cjson.encode(hold)) else redis.call('HDEL', KEYS[2], id) end
end
for agent in pairs(touched) do
  for media, n in pairs(loads[agent]) do
    if n > 0 then redis.call('HSET', prefix .. agent, media, n) else redis.call('HDEL', prefix .. agent, media) end
  end
end
local at = 7
for _ = 1, ops.sets do
  redis.call('HSET', KEYS[3], ARGV[at], ARGV[at + 1])
  at = at + 2
end
for _ = 1, ops.submitted do
  redis.call('HSET', KEYS[10], ARGV[at], ARGV[at + 1])
  at = at + 2
end
for _, id in ipairs(ops.del) do redis.call('HDEL', KEYS[3], id) end
if ops.delSubmitted then
  for _, id in ipairs(ops.del) do redis.call('HDEL', KEYS[10], id) end
end
if ops.dropSubmitted then
  for _, id in ipairs(ops.dropSubmitted) do redis.call('HDEL', KEYS[10], id) end
end
for _ = 1, ops.agents do
  -- an agent with no state left (dropped as unreadable) leaves the hash: an empty list would stay there forever
  if ARGV[at + 1] == '[]' then
    redis.call('HDEL', KEYS[4], ARGV[at])
  else
    redis.call('HSET', KEYS[4], ARGV[at], ARGV[at + 1])
  end
  at = at + 2
end
local ids = { 'ok' }
local maxEvents = tostring(ops.maxEvents) -- sent only with events
for _ = 1, ops.events do
  if ARGV[at + 2] ~= '' then
    ids[#ids + 1] = redis.call('XADD', KEYS[5], 'MAXLEN', '~', maxEvents, '*', 'e', ARGV[at + 1], 't', ARGV[at], 'i', ARGV[at + 2])
  else
    ids[#ids + 1] = redis.call('XADD', KEYS[5], 'MAXLEN', '~', maxEvents, '*', 'e', ARGV[at + 1], 't', ARGV[at])
  end
  at = at + 3
end
if ops.closed > 0 then keepClosed(at, ops.closed, ops.closedTtlMs, ops.maxClosed) end
at = at + 2 * ops.closed
if ops.current then
  redis.call('SET', KEYS[6], ops.current)
  if ops.stored then redis.call('HSETNX', KEYS[9], ops.current, ARGV[at]) end
end
if ops.retired then
  local now = redis.call('GET', KEYS[6])
  for _, version in ipairs(ops.retired) do
    if version ~= now then redis.call('HDEL', KEYS[9], version) end
  end
end
redis.call('SET', KEYS[8], ARGV[6])
return ids
`
