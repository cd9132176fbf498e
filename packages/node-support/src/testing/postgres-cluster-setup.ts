// A vitest globalSetup: one throw-away PostgreSQL cluster for a whole project, its URL given to every test file
// (`inject('postgresUrl')`), where each file makes its own database (a cluster start costs seconds, a database
// milliseconds). A test that stops its server still starts its own cluster with startPostgresServer.
import type { TestProject } from 'vitest/node'
import { startPostgresServer } from './postgres-server.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The project's shared cluster, superuser `postgres` on its `postgres` database. */
    postgresUrl: string
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startPostgresServer()
  project.provide('postgresUrl', server.url)
  return () => server.destroy()
}
