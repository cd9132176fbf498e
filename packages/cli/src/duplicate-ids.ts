// pure: RW094, one strategy id declared by two files, in one wording for validate, test, run and simulate.
import { type Diagnostic, duplicateStrategyMessage, type Range } from '@routewright/strategy-dsl'
import { FILE_CODES } from './sources.ts'

/** Where a file declares its strategy id: its display path and the range of the `strategy:` value. */
export interface DeclaredId {
  id: string
  file: string
  range?: Range
}

/** RW094 at `entry`'s id, naming `first` (the file that declares it too) with its line and column. */
export function duplicateIdDiagnostic(entry: DeclaredId, first: DeclaredId): Diagnostic {
  return {
    code: FILE_CODES.duplicateStrategy,
    severity: 'error',
    message: duplicateStrategyMessage(entry.id, first.file, first.range),
    path: ['strategy'],
    file: entry.file,
    ...(entry.range ? { range: entry.range } : {}),
  }
}
