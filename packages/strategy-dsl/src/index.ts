// The public API of @routewright/strategy-dsl. Anything not exported here is internal.

export { declaredStrategyId, idsOfBrokenStrategy } from './broken-strategy-ids.ts'
export {
  type CapacityHolder,
  type CapacityRule,
  capacityMedia,
  capacityRuleOf,
  capacityRuleSchema,
  DEFAULT_CAPACITY_RULE,
  fitsCapacity,
  isMediaName,
  MEDIA_NAME_MAX,
  MEDIA_NAME_RULE,
  type MediaLoad,
  mediaCountsSchema,
  mediaSchema,
} from './capacity.ts'
export {
  type CheckResult,
  checkDirectoryText,
  checkStrategyText,
  checkTestText,
  sortDiagnostics,
} from './check.ts'
export { codeUnitOrder } from './code-unit-order.ts'
export {
  controlAt,
  controlCharacterProblem,
  escapeInvisible,
  idCharacterProblem,
  isControlCode,
  replaceControlCharacters,
  unicodeEscape,
  unseenOrUnpairedAt,
} from './control-characters.ts'
export type {
  Diagnostic,
  NameFix,
  Position,
  Range,
  Severity,
  SourceLocator,
  SourceNode,
} from './diagnostics.ts'
export {
  type DiffLine,
  describeDiff,
  isEmptyDiff,
  showValue,
  summarizeDiff,
} from './diff/describe.ts'
export { diffDirectories } from './diff/directory-diff.ts'
export {
  expectedActualLines,
  type LineStyle,
  PLAIN_LINES,
  showWritten,
} from './diff/expected-lines.ts'
export { diffStrategies } from './diff/strategy-diff.ts'
export type {
  DirectoryDiff,
  DocumentDiff,
  EdgeChange,
  EntryChange,
  FieldChange,
  NodeChange,
  StrategyDiff,
} from './diff/types.ts'
export {
  type Agent,
  agentSchema,
  type DirectoryDocument,
  directoryDocumentSchema,
  type FunctionDeclaration,
  functionDeclarationSchema,
} from './directory.ts'
export { FORMAT_VERSION, layoutSchema, type StrategyDocument, strategyDocumentSchema } from './document.ts'
export {
  DEFAULT_EXPRESSION_BUDGET,
  ExpressionBudgetError,
  resolveBudget,
} from './expressions/budget.ts'
export { compileExpression, isCompiled, typeMatches } from './expressions/compile.ts'
export { EXPRESSION_LIMITS } from './expressions/environment.ts'
export { expressionNames } from './expressions/names.ts'
export {
  MAX_CACHED_REGEXES,
  MAX_PATTERN_LENGTH,
  quoteRegex,
  type RegexMatch,
  regexFindAll,
  regexMatches,
  regexProblem,
} from './expressions/regex.ts'
export { ASSUMED_LIST_SIZE } from './expressions/static-cost.ts'
export {
  type AgentValues,
  type CompiledExpression,
  type EvaluateOptions,
  type ExpressionBudget,
  type ExpressionBudgetLimit,
  type ExpressionDiagnostic,
  ExpressionError,
  type ExpressionFailure,
  type ExpressionHooks,
  type ExpressionName,
  type ExpressionReads,
  type ExpressionScope,
  type ExpressionUsage,
  type ExpressionValues,
  type StatRef,
} from './expressions/types.ts'
export { fromCel, initialValue, toCel } from './expressions/values.ts'
export { keepByteOrderMark, keepFileConventions } from './format/file-conventions.ts'
export {
  formatDirectoryText,
  formatStrategyText,
  formatTestText,
  stringifyDirectory,
  stringifyStrategy,
  stringifyTestDocument,
  updateStrategyText,
} from './format/format-text.ts'
export { formatNodePath } from './format/node-path.ts'
export {
  addressLengthProblem,
  addressSchema,
  MAX_ADDRESS_CHARS,
  priorityRangeProblem,
  startPrioritySchema,
} from './interaction-fields.ts'
export { nameFixSpan, nameFixTitle } from './name-fix.ts'
export type { AssignNode } from './nodes/assign.ts'
export type { AttachNode } from './nodes/attach.ts'
export { END_OUTCOMES, type EndNode, type EndOutcome } from './nodes/end.ts'
export type { FunctionNode } from './nodes/function.ts'
export {
  assertNever,
  type ExpressionRole,
  type NodeExpression,
  type NodeKind,
  type NodeOutput,
  type NodeReference,
  type Path,
  type PathSegment,
  type ReferenceKind,
} from './nodes/kind.ts'
export type { QueuePriorityNode } from './nodes/queue-priority.ts'
export {
  kindOf,
  NODE_TYPES,
  type NodeFrom,
  type NodeType,
  nodeKinds,
  nodeSchema,
  type StrategyNode,
} from './nodes/registry.ts'
export type { RouteNode } from './nodes/route.ts'
export type { ScheduleNode } from './nodes/schedule.ts'
export type { SplitNode } from './nodes/split.ts'
export type { SubroutineNode } from './nodes/subroutine.ts'
export type { SwitchNode } from './nodes/switch.ts'
export { describePick, type Escalation, PRIORITY_BOUNDS, type TargetNode } from './nodes/target.ts'
export type { TreatmentNode } from './nodes/treatment.ts'
export type { WaitNode } from './nodes/wait.ts'
export { type OutlineDocument, type OutlineEntry, type OutlineKind, outlineOf } from './outline.ts'
export { type Decoded, decodeInput, firstInvalidUtf8 } from './parse/decode.ts'
export { fieldsAt } from './parse/fields-at.ts'
export { jsonProblem } from './parse/json-problem.ts'
export { MAX_ALIASES, MAX_DEPTH, MAX_DOCUMENT_BYTES, MAX_NODES, tooLargeAdvice } from './parse/limits.ts'
export { createFileLineIndex, createLineIndex, lineTextAt } from './parse/line-index.ts'
export { nodeAtInDocument } from './parse/node-at.ts'
export { lastAtOrBefore } from './parse/ordered-search.ts'
export {
  parseDirectory,
  parseStrategy,
  parseTestDocument,
  safeParseDirectory,
  safeParseStrategy,
  safeParseTestDocument,
  strategyNodeLimit,
} from './parse/parse.ts'
export {
  type DocumentKind,
  type DocumentSpec,
  type ParseOptions,
  type ParseResult,
  safeParseDocument,
} from './parse/parse-document.ts'
export {
  DocumentParseError,
  documentKindOf,
  documentSuffixOf,
  formatDiagnostic,
  formatPath,
  formatPlace,
  type PlaceAt,
} from './parse/report.ts'
export { type Calendar, calendarSchema, DAY_NAMES, type DayName } from './schema/calendar.ts'
export { formatDuration, parseDuration } from './schema/duration.ts'
export { type Field, idSchema, nameSchema, type ValueType, valueTypeSchema } from './schema/primitives.ts'
export {
  PICK_RULE_DESCRIPTIONS,
  type PickRule,
  type PickRuleName,
  type TargetKind,
  type TargetSpec,
  targetKindOf,
  targetNameOf,
} from './schema/targets.ts'
export {
  type Collect,
  describeTreatment,
  TREATMENT_KEYS,
  type TreatmentKey,
  treatmentKeysOf,
  treatmentLengthMs,
  type WaitingTreatment,
} from './schema/treatment.ts'
export {
  isStatWindow,
  lookupStatistic,
  STATISTICS,
  type StatisticInfo,
  type StatSubjectKind,
  type StatWindow,
} from './statistics.ts'
export {
  AGENT_STATES,
  type AgentState,
  type Scenario,
  scenarioSchema,
  type TestDocument,
  testDocumentSchema,
} from './test-file.ts'
export { indexesOfName, indexOfName, nameRange, nameRangeInKey, nameRanges } from './usage/name-range.ts'
export { type AlarmsUsageDocument, alarmUses, testUses } from './usage/test-uses.ts'
export { addUsageFile, type UsageFileLists } from './usage/usage-files.ts'
export { nodeName, type UsageFile, type Use, writtenName } from './usage/use.ts'
export { type WhereUsed, type WhereUsedOptions, whereUsed } from './usage/where-used.ts'
export {
  declarations,
  directoryUses,
  strategyUses,
  type UsageWorkspace,
  workspaceUses,
} from './usage/workspace-uses.ts'
export { isValidTimeZone } from './validate/calendar-rules.ts'
export type { ValidationContext } from './validate/context.ts'
export { closest, didYouMean, didYouMeanOrList, editDistance, nameHint } from './validate/did-you-mean.ts'
export { validateDirectory } from './validate/directory-rules.ts'
export {
  duplicateStrategyMessage,
  missingStrategyMessage,
  type StrategiesFrom,
  untestedStrategyMessage,
} from './validate/strategy-messages.ts'
export { type TestValidationContext, validateTestDocument } from './validate/test-rules.ts'
export { validateStrategy } from './validate/validate-strategy.ts'
