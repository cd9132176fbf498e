// One caller (the example's sipp caller scenario) against a scripted agent side (a sipp UAS scenario given as XML):
// how the SIP race tests replay an exact order of messages.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { type CallerCall, startCallers } from '../src/sipp.ts'
import { startSipp } from '../src/sipp-process.ts'

/** Runs `call` against the agent side `agentXml` until both sipp processes exit: their exit codes (or signals), log tails. */
export async function callScriptedAgent(
  name: string,
  agentXml: string,
  call: CallerCall,
): Promise<{ caller: number | string; agent: number | string; log: string }> {
  const runDir = mkdtempSync(path.join(tmpdir(), `routewright-${name}-`))
  const scenario = path.join(runDir, 'agent.xml')
  writeFileSync(scenario, agentXml)
  const { child: agent, port } = await startSipp(
    'agent',
    ['-sf', scenario, '-m', '1', '-timeout', '20s'],
    path.join(runDir, 'agent.log'),
    runDir,
    { probe: false },
  )
  const caller = await startCallers([call], `127.0.0.1:${port}`, runDir)
  try {
    return {
      caller: await caller.exited,
      agent: await agent.exited,
      log: `${caller.tail()}\n${agent.tail()}`,
    }
  } finally {
    await Promise.all([caller.stop(), agent.stop()])
  }
}
