// On a subroutine node: draws the call expanded, with the called strategy's nodes inside it (calls.ts). Only
// subroutine nodes render this, so a change of the known strategies re-renders them and no other node.
import { useCallExpansion } from './call-context.ts'

export function ExpandCallButton({ id, strategy }: { id: string; strategy: string }) {
  const expansion = useCallExpansion()
  if (!expansion?.canExpand(strategy)) return null
  return (
    <button
      type="button"
      className="rw-node__link nodrag"
      data-testid={`expand-call-${id}`}
      title={`Show the nodes of ${strategy} inside this node (read-only)`}
      onClick={(event) => {
        event.stopPropagation()
        expansion.toggle(id)
      }}
    >
      Expand
    </button>
  )
}
