// A notice above the desktop that stays until the agent dismisses it: a move to another bridge, a session signed out.
export function Notice({ text, testId, onDismiss }: { text: string; testId: string; onDismiss(): void }) {
  return (
    <p className="ad-notice ad-banner" role="status" data-testid={testId}>
      {text}
      <button type="button" className="ad-button ad-button--quiet" onClick={onDismiss}>
        Dismiss
      </button>
    </p>
  )
}
