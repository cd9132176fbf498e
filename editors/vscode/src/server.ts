// The language server bundled into the extension: the same entry as `routewright lsp --stdio`.
import { main } from '@routewright/cli'

await main(process.argv.slice(2))
