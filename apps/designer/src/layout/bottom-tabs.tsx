// The bottom panel's tabs. To add a panel, append one entry here (see /work/wt/notes/issue10-designer.LAYOUT).
import type { ComponentType } from 'react'
import { CompareView } from '../compare/CompareView.tsx'
import { FindPanel } from '../find/FindPanel.tsx'
import { FIND_TAB } from '../find/find-tab.ts'
import { useEditor } from '../hooks/useEditor.ts'
import { MonitorPanel } from '../monitor/MonitorPanel.tsx'
import { ProblemsPanel } from '../problems/ProblemsPanel.tsx'
import { ReportsPanel } from '../reports/ReportsPanel.tsx'
import { SimulationPanel } from '../simulation/SimulationPanel.tsx'
import { TestRunPanel } from '../testrun/TestRunPanel.tsx'
import { WhereUsedPanel } from '../where-used/WhereUsedPanel.tsx'
import { useWorkspace } from '../workspace/WorkspaceProvider.tsx'
import { ShortLabel } from './ShortLabel.tsx'

export interface BottomTab {
  /** Stable id: the tab button is `tab-<id>`, its panel `tabpanel-<id>`; `useBottomPanel().show(id)` opens it. */
  id: string
  /** The tab's text; a component so it can show live counts. */
  Label: ComponentType
  /** The panel body; mounted only while its tab is active. */
  Panel: ComponentType
}

function ProblemsLabel() {
  // the workspace's skipped entries too (RW091): the panel lists them whichever file is open
  const count = useEditor((s) => s.diagnostics.length) + useWorkspace((s) => s.skipped.length)
  // a badge, not "(3)": the strip fits the first-visit bottom panel at 1,024 px with a two-digit count
  return (
    <>
      Problems
      {count > 0 && (
        <>
          {' '}
          <span className="rw-bottom__count">{count}</span>
        </>
      )}
    </>
  )
}

export const BOTTOM_TABS: readonly BottomTab[] = [
  { id: 'problems', Label: ProblemsLabel, Panel: ProblemsPanel },
  { id: 'testrun', Label: () => <ShortLabel long="Test run" short="Tests" />, Panel: TestRunPanel },
  { id: 'compare', Label: () => <>Compare</>, Panel: CompareView },
  { id: 'simulation', Label: () => <ShortLabel long="Simulation" short="Sim" />, Panel: SimulationPanel },
  { id: 'monitor', Label: () => <>Monitor</>, Panel: MonitorPanel },
  { id: 'reports', Label: () => <>Reports</>, Panel: ReportsPanel },
  { id: 'where-used', Label: () => <ShortLabel long="Where used" short="Used" />, Panel: WhereUsedPanel },
  // last: the arrow keys' order of the tabs before it stays what the shell layout e2e expects
  { id: FIND_TAB, Label: () => <>Find</>, Panel: FindPanel },
]
