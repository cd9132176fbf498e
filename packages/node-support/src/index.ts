// The public API of @routewright/node-support: Node-only helpers shared by the CLI, the language server and the
// designer's server. Each module is also a subpath export, so a bundle pulls in only what it uses.

export { atomicCreate, atomicReplace, renameNoClobber, tempPathFor } from './atomic-write.ts'
export { type BoundedRead, decodeUtf8, megabytes, readBoundedFile } from './read.ts'
export { resolveTestDirectory, type TestDirectoryResolution, workspaceRootFor } from './test-directory.ts'
export { SKIPPED_FOLDERS, type WalkOptions, type WalkResult, walkFiles } from './walk.ts'
