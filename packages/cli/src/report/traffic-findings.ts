// simulate's traffic findings (RW490-RW493) placed where the user wrote the thing: the --interaction file's line,
// or the strategy file's node; printed as validate prints a finding, with what to do.

import { printable, printableName } from '@routewright/node-support/printable'
import {
  createLineIndex,
  formatPlace,
  nameFixTitle,
  type Range,
  safeParseStrategy,
} from '@routewright/strategy-dsl'
import type { TrafficFinding } from '@routewright/strategy-runtime'
import { isScalar, parseDocument } from 'yaml'
import type { LoadedStrategy, Workspace } from '../workspace.ts'

/** A finding with `where`: `file:line:col`, or the flag it came from. */
export interface PlacedFinding extends TrafficFinding {
  where: string
}

/** What to do about each code, said after the findings. */
const HINTS: Record<TrafficFinding['code'], string> = {
  RW490: 'Simulate a strategy that is given (its file, or one of its folder tree)',
  RW491:
    'Give --interaction a media the agents take ({"media":"voice"}), or add it to their capacity in the directory',
  RW492: 'Log in agents who take the media (--logged-in), or simulate a media they take',
  RW493:
    'Add agents who take the media to the group (or log them in), or route these contacts to a group that has some; for an agent or skill target, log in an agent who takes the media and meets it (--logged-in)',
}

/** Where --interaction's `media` is written: `file:line:col` for @file, else the flag (media omitted: its default). */
function interactionWhere(interaction: { text: string; where: string } | undefined): string {
  if (interaction === undefined) return '--interaction (not given: media voice)'
  if (interaction.where === '--interaction') return '--interaction at media'
  const node = parseDocument(interaction.text).get('media', true)
  const offset = isScalar(node) ? node.range?.[0] : undefined
  if (offset === undefined) return `${interaction.where} (media not given: voice)`
  return formatPlace(interaction.where, createLineIndex(interaction.text)(offset))
}

/**
 * Where each strategy's findings are written: its file, and the range of a path in it. The strategy is parsed once,
 * at its first finding: a workspace with thousands of RW493 findings re-parsed its file for every one of them.
 */
function strategyPlaces(workspace: Workspace): (strategy: string, path: TrafficFinding['path']) => string {
  const places = new Map<
    string,
    { display: string; rangeOf?: (path: TrafficFinding['path']) => Range | undefined }
  >()
  let byId: Map<string, LoadedStrategy> | undefined
  return (strategy, path) => {
    let place = places.get(strategy)
    if (place === undefined) {
      // the first file (by path) of the id, as the workspace's strategies() picks it
      byId ??= new Map(
        workspace
          .loaded()
          .reverse()
          .flatMap((e) => (e.document ? [[e.document.strategy, e] as const] : [])),
      )
      const entry = byId.get(strategy)
      if (entry === undefined) place = { display: `strategy ${strategy}` }
      else {
        const { locator } = safeParseStrategy(entry.source.input ?? '', { file: entry.source.display })
        place = {
          display: entry.source.display,
          ...(locator ? { rangeOf: (at) => locator.rangeOf(at) } : {}),
        }
      }
      places.set(strategy, place)
    }
    return formatPlace(place.display, place.rangeOf?.(path))
  }
}

/** Each finding with where it was written. */
export function placeFindings(
  findings: readonly TrafficFinding[],
  workspace: Workspace,
  interaction: { text: string; where: string } | undefined,
): PlacedFinding[] {
  const strategyWhere = strategyPlaces(workspace)
  return findings.map((finding) => ({
    ...finding,
    where:
      finding.strategy !== undefined
        ? strategyWhere(finding.strategy, finding.path)
        : finding.path[0] === 'interaction'
          ? interactionWhere(interaction)
          : 'the simulated strategy',
  }))
}

/** `where  severity  CODE  message`, a `fix:` line for a misspelt name, then one hint per code. */
export function findingLines(findings: readonly PlacedFinding[]): string {
  const out: string[] = []
  for (const f of findings) {
    out.push(`${printableName(f.where)}  ${f.severity}  ${f.code}  ${printable(f.message)}`)
    if (f.fix) out.push(`fix: ${printable(nameFixTitle(f.fix))}`)
  }
  for (const code of new Set(findings.map((f) => f.code))) out.push(`hint: ${HINTS[code]}`)
  return `${out.join('\n')}\n`
}
