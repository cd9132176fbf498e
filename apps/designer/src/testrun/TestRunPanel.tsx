// The test run panel, the debugger IRD never had: pick or edit a scenario, run it in the browser with the
// runtime, step through the trace with the path lit on the canvas, see why the target selection chose its agent.
// test ids: testrun-panel, testrun-no-tests, testrun-create-tests, testrun-problems, testrun-scenario-<index> (data-passed after a run),
//   testrun-editor, testrun-editor-error, testrun-run, testrun-run-all, testrun-clear, testrun-result
//   (data-outcome, data-passed), testrun-failure, testrun-prev, testrun-next, testrun-step-label,
//   testrun-step-<index>, testrun-values, testrun-candidates, testrun-candidate-<agent>, testrun-reason,
//   testrun-report, testrun-report-<index> (data-passed)
import { documentSuffixOf, type Scenario } from '@routewright/strategy-dsl'
import { useEffect, useId, useMemo, useState } from 'react'
import { useEditor, useEditorStore } from '../hooks/useEditor.ts'
import { directoryFilesFor, folderOf, isReadable, relativePath } from '../workspace/files.ts'
import { useWorkspaceSession } from '../workspace/WorkspaceProvider.tsx'
import { ReportView, ResultSummary } from './ReportView.tsx'
import { runAll, runContextOf, runOne, type ScenarioReport } from './run.ts'
import { StepDetails } from './StepDetails.tsx'
import { blankScenario, parseScenarioText, scenarioToText } from './scenario-text.ts'
import { starterTestText } from './starter-test-file.ts'
import { highlightOf, stepsOf } from './trace-steps.ts'
import { useTestFile } from './useTestFile.ts'
import './testrun.css'

export function TestRunPanel() {
  const store = useEditorStore()
  const file = useEditor((s) => s.file)
  const document = useEditor((s) => s.document)
  const inSync = useEditor((s) => s.inSync)
  const others = useEditor((s) => s.context.strategies)
  const testFile = useTestFile()
  const scenarios: readonly Scenario[] = testFile.tests?.scenarios ?? []
  const [selected, setSelected] = useState(0)
  const [draft, setDraft] = useState<string | undefined>()
  const [report, setReport] = useState<ScenarioReport | undefined>()
  const [runAllReport, setRunAllReport] = useState<ScenarioReport[] | undefined>()
  const [error, setError] = useState<string | undefined>()
  const [step, setStep] = useState(0)
  const [creating, setCreating] = useState(false)
  const noTestsId = useId()
  const { session } = useWorkspaceSession()

  const base = scenarios[selected] ?? blankScenario()
  const text = draft ?? scenarioToText(base)
  const parsed = useMemo(() => parseScenarioText(text), [text])
  const steps = useMemo(() => (report ? stepsOf(report.result) : []), [report])

  // another file, another test file: start over and clear the canvas highlight
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset on file change only
  useEffect(() => {
    setSelected(0)
    setDraft(undefined)
    setReport(undefined)
    setRunAllReport(undefined)
    setError(undefined)
    store.setHighlight(undefined)
  }, [file, testFile.path, store])

  useEffect(() => () => store.setHighlight(undefined), [store])

  useEffect(() => {
    if (!report || !document) return
    store.setHighlight(highlightOf(steps, Math.min(step, steps.length - 1), document.strategy))
  }, [report, steps, step, document, store])

  function context() {
    if (!document) return { error: 'The open file has no strategy that parses yet: fix the errors first.' }
    return runContextOf(document, others, testFile.directory)
  }

  function run() {
    setError(undefined)
    if (!parsed.ok || !document) return
    const ctx = context()
    if ('error' in ctx) return setError(ctx.error)
    const outcome = runOne(document.strategy, parsed.scenario, ctx, testFile.tests)
    if (!outcome.ok) return setError(outcome.error)
    setReport(outcome.value)
    setStep(Math.max(stepsOf(outcome.value.result).length - 1, 0))
  }

  async function createTests() {
    if (!file || !document) return
    setCreating(true)
    try {
      // named as the strategy validates against it: `routewright test` in CI needs the test file to say which
      const directory = directoryFilesFor(file, session.getState().files.filter(isReadable))[0]?.path
      const relative = directory === undefined ? undefined : relativePath(folderOf(file), directory)
      // the panel picks the new file up from the workspace listing and selects its scenario
      await session.createTestFile(file, starterTestText(document, relative))
    } finally {
      setCreating(false)
    }
  }

  function runEverything() {
    setError(undefined)
    if (!testFile.tests || !document) return
    const ctx = context()
    if ('error' in ctx) return setError(ctx.error)
    const outcome = runAll({ ...testFile.tests, tests: document.strategy }, ctx)
    if (!outcome.ok) return setError(outcome.error)
    setRunAllReport(outcome.value.scenarios)
  }

  if (!file) return null
  const stale = !inSync && document !== undefined
  return (
    <section className="rw-testrun" data-testid="testrun-panel" aria-label="Test run">
      <header className="rw-testrun__header">
        <h2>Test run</h2>
        <span className="rw-testrun__file">{testFile.path ?? 'no test file'}</span>
        <button
          type="button"
          data-testid="testrun-run-all"
          disabled={!testFile.tests || !document}
          aria-describedby={!testFile.path && !testFile.loading ? noTestsId : undefined}
          onClick={runEverything}
        >
          Run all
        </button>
        <button
          type="button"
          data-testid="testrun-clear"
          onClick={() => {
            setReport(undefined)
            setRunAllReport(undefined)
            store.setHighlight(undefined)
          }}
        >
          Clear
        </button>
      </header>
      {!testFile.path && !testFile.loading ? (
        <p className="rw-testrun__hint" id={noTestsId} data-testid="testrun-no-tests">
          Run all needs saved scenarios: no{' '}
          <code>{`${file.slice(0, file.length - documentSuffixOf(file).length)}.test.yaml`}</code> beside this
          strategy yet. Edit the scenario below and run it, or{' '}
          <button
            type="button"
            data-testid="testrun-create-tests"
            disabled={!document || creating}
            onClick={createTests}
          >
            Create a test file
          </button>
        </p>
      ) : null}
      {testFile.problems.length ? (
        <ul className="rw-testrun__problems" data-testid="testrun-problems">
          {testFile.problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      ) : null}
      {stale ? (
        <p className="rw-testrun__hint">The text does not parse: runs use the last version that did.</p>
      ) : null}
      <div className="rw-testrun__columns">
        <ol className="rw-testrun__scenarios">
          {scenarios.map((scenario, index) => {
            const outcome = runAllReport?.[index]
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: scenarios are positional in the test file; names may repeat
              <li key={`${index}:${scenario.name}`}>
                <button
                  type="button"
                  data-testid={`testrun-scenario-${index}`}
                  data-passed={outcome ? String(outcome.passed) : undefined}
                  aria-current={index === selected ? 'true' : undefined}
                  className={index === selected ? 'rw-testrun__scenario--selected' : undefined}
                  title={scenario.name}
                  onClick={() => {
                    setSelected(index)
                    setDraft(undefined)
                    setReport(undefined)
                    store.setHighlight(undefined)
                  }}
                >
                  {outcome ? (
                    <span className={outcome.passed ? 'rw-pass' : 'rw-fail'}>
                      {outcome.passed ? '✔' : '✘'}
                    </span>
                  ) : null}
                  {scenario.name}
                </button>
              </li>
            )
          })}
        </ol>
        <div className="rw-testrun__editor">
          {/* ▶ Run beside the label, above the text: the text takes the rest of the column's height */}
          <div className="rw-testrun__actions">
            {/* short enough for a 1,024 px window's column ("Scenario (interaction, a…" was cut); the keys on hover */}
            <label
              htmlFor="rw-testrun-editor"
              title="Its keys: interaction, agents, stats, at, events, expect"
            >
              Scenario YAML
            </label>
            <button
              type="button"
              className="rw-button--primary"
              data-testid="testrun-run"
              disabled={!parsed.ok || !document}
              onClick={run}
            >
              ▶ Run
            </button>
            {draft !== undefined ? (
              <button type="button" onClick={() => setDraft(undefined)}>
                Revert edits
              </button>
            ) : null}
          </div>
          <textarea
            id="rw-testrun-editor"
            data-testid="testrun-editor"
            spellCheck={false}
            value={text}
            onChange={(event) => setDraft(event.target.value)}
          />
          {!parsed.ok ? (
            <ul className="rw-testrun__problems" data-testid="testrun-editor-error">
              {parsed.errors.map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
          ) : null}
        </div>
        <div className="rw-testrun__output">
          {error ? (
            <p className="rw-testrun__problems" role="alert" data-testid="testrun-error">
              {error}
            </p>
          ) : null}
          {report ? (
            <>
              <ResultSummary report={report} />
              <div className="rw-testrun__stepper">
                <button
                  type="button"
                  data-testid="testrun-prev"
                  disabled={step <= 0}
                  onClick={() => setStep(step - 1)}
                >
                  ◀ Prev
                </button>
                <span data-testid="testrun-step-label">
                  Step {Math.min(step, steps.length - 1) + 1} of {steps.length}
                </span>
                <button
                  type="button"
                  data-testid="testrun-next"
                  disabled={step >= steps.length - 1}
                  onClick={() => setStep(step + 1)}
                >
                  Next ▶
                </button>
              </div>
              <ol className="rw-testrun__steps">
                {steps.map((s) => (
                  <li key={s.index}>
                    <button
                      type="button"
                      data-testid={`testrun-step-${s.index}`}
                      aria-current={s.index === step ? 'step' : undefined}
                      className={s.index === step ? 'rw-testrun__step--current' : undefined}
                      onClick={() => setStep(s.index)}
                    >
                      <span className="rw-testrun__at">{(s.at / 1000).toFixed(1)}s</span>
                      {s.strategy !== document?.strategy ? `${s.strategy} › ` : ''}
                      {s.node}
                      {s.exit ? <span className="rw-testrun__exit"> → {s.exit}</span> : null}
                      {s.error ? <span className="rw-fail"> ⚠</span> : null}
                    </button>
                  </li>
                ))}
              </ol>
              {steps[step] ? <StepDetails step={steps[step]} /> : null}
            </>
          ) : null}
          {runAllReport ? <ReportView scenarios={runAllReport} /> : null}
          {!report && !runAllReport && !error ? (
            <p className="rw-testrun__hint">
              Run a scenario to step through it here; Run all checks every scenario.
            </p>
          ) : null}
        </div>
      </div>
    </section>
  )
}
