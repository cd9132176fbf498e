// The designer server's writes: the one atomic-write module shared with the CLI (temp file, fsync, rename).
export {
  atomicCreate,
  atomicReplace,
  refuseReadOnly,
  renameNoClobber,
  syncFolder,
  tempPathFor,
} from '@routewright/node-support/atomic-write'
