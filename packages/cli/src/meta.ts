// The CLI's version and documentation links, for help text and machine-readable reports.
import packageJson from '../package.json' with { type: 'json' }

export const VERSION: string = packageJson.version

/** The documentation site, linked from help so users land on pages, not on a path inside a checkout. */
export const DOCS_URL = 'https://routewright.dev/docs'
export const SPEC_URL = `${DOCS_URL}/format`
