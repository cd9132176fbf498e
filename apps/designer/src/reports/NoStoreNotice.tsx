// What the Reports view shows in place of its form when it has no store to read: why, and how to start one.
//
// data-testid: reports-no-store (the designer was started without --store), reports-store-unknown (the designer's
// server did not say which store it reads)

/** The designer has no history store: nothing to report on, and the command that gives it one. */
export function NoStoreNotice() {
  return (
    <div className="rw-reports__no-store" role="status" data-testid="reports-no-store">
      <p>
        <strong>No history store.</strong> This designer was started without <code>--store</code>, so it has
        no recorded interactions to report on.
      </p>
      <p>
        Start it again with the store that <code>routewright serve --store</code> records into:{' '}
        <code>routewright designer --store sqlite:history.db</code> (a SQLite file) or{' '}
        <code>--store postgres://user@host/db</code>.
      </p>
    </div>
  )
}

/** The designer's server did not answer which store it reads: the form could not work either. */
export function StoreUnknownNotice({ error }: { error: string }) {
  return (
    <p className="rw-reports__error" role="alert" data-testid="reports-store-unknown">
      Could not ask the designer’s server which history store it reads ({error}). Reload the page once it runs
      again.
    </p>
  )
}
