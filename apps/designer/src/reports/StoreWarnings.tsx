// What the history store said at its open (a PostgreSQL URL's option the store's own replaces), under the store's
// name: the designer's stderr says it too, but the person reading the reports is looking here.
export function StoreWarnings({ warnings }: { warnings: readonly string[] }) {
  return warnings.map((warning) => (
    <p key={warning} className="rw-reports__warning" role="note" data-testid="reports-store-warning">
      {warning}
    </p>
  ))
}
