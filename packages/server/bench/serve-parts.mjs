// The parts of serve a heap sample is charged to (heap-sample.mjs and call-bytes.mjs report by them).

/**
 * The parts of serve a sample is charged to: the innermost frame of its stack that a part's pattern matches decides
 * (JSON.stringify under `tagged` is the commit's text, under `sendJson` the reply's), but anything under the
 * statistics windows' write is charged to it whole.
 */
const WINDOWS = /redis-windows|window-slices|window-snapshot/
const PARTS = [
  ['Redis client: command encoding, socket writes', /@redis\/client\//],
  ['router decision (strategy-runtime)', /packages\/strategy-runtime\//],
  ['commit texts and pipeline', /redis-(pending|scripts|commit-pipeline|leader|link)\.js/],
  ['event stream, SSE, event ring', /redis-event-stream|event-log|http\/sse/],
  ['history feed, live monitor', /packages\/server\/dist\/(history|monitor)\//],
  ['HTTP reply (JSON, headers, socket write)', /sendJson|_http_outgoing/],
  [
    'HTTP request (parse, body, route, checks)',
    /_http_(server|common|incoming)|streams\/readable|http\/body|api\//,
  ],
  ['the command path (handler, coordinator, serve)', /packages\/server\/dist\//],
]

export function partOf(stack) {
  if (stack.some((f) => WINDOWS.test(f.url))) return 'statistics windows write'
  for (let i = stack.length - 1; i >= 0; i--)
    for (const [part, re] of PARTS) if (re.test(stack[i].url) || re.test(stack[i].name)) return part
  return 'other (no frame named: promise jobs, timers)'
}
