// The public API of @routewright/cli: the command runner, for embedding and tests. The binary is bin/routewright.mjs.

export { COMMANDS, runCli, VERSION } from './cli.ts'
export { type CliIo, type Command, EXIT } from './command.ts'
export { main } from './main.ts'
