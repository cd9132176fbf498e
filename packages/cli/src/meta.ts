// The CLI's version and documentation link, for help text and machine-readable reports.
import packageJson from '../package.json' with { type: 'json' }

export const VERSION: string = packageJson.version

/**
 * The format's reference (every node kind, expression and diagnostic code), as shipped with the installed
 * @routewright/strategy-dsl package: a link that exists on the user's machine, in a checkout or an npm install.
 */
function specLocation(): string {
  try {
    return new URL('SPEC.md', import.meta.resolve('@routewright/strategy-dsl/package.json')).href
  } catch {
    return 'SPEC.md in the @routewright/strategy-dsl package'
  }
}

export const SPEC_URL: string = specLocation()
