#!/usr/bin/env node
// Loads the bundled CLI; `npm run build -w @routewright/cli` (or the root `npm run build`) produces it.
let cli
try {
  cli = await import('../dist/routewright.js')
} catch (error) {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('routewright.js')) {
    process.stderr.write('routewright is not built yet: run `npm run build` at the repository root first.\n')
    process.exit(2)
  }
  throw error
}
await cli.main()
