// Ready agents of one pool, kept ordered by ready-since (then directory order) so longest idle is the head.
import type { AgentRecord } from './agents.ts'

export interface ReadyNode {
  agent: AgentRecord
  prev: ReadyNode | undefined
  next: ReadyNode | undefined
}

function earlier(a: AgentRecord, b: AgentRecord): boolean {
  return a.since < b.since || (a.since === b.since && a.index < b.index)
}

/** A doubly linked list; agents become ready "now", so inserts almost always land at the tail in O(1). */
export class ReadyList {
  head: ReadyNode | undefined
  tail: ReadyNode | undefined
  size = 0
  private readonly nodes = new Map<AgentRecord, ReadyNode>()

  has(agent: AgentRecord): boolean {
    return this.nodes.has(agent)
  }

  insert(agent: AgentRecord): void {
    if (this.nodes.has(agent)) return
    const node: ReadyNode = { agent, prev: undefined, next: undefined }
    this.nodes.set(agent, node)
    this.size++
    let after = this.tail
    while (after !== undefined && earlier(agent, after.agent)) after = after.prev
    if (after === undefined) {
      node.next = this.head
      if (this.head) this.head.prev = node
      this.head = node
      if (!this.tail) this.tail = node
      return
    }
    node.prev = after
    node.next = after.next
    if (after.next) after.next.prev = node
    else this.tail = node
    after.next = node
  }

  remove(agent: AgentRecord): void {
    const node = this.nodes.get(agent)
    if (!node) return
    this.nodes.delete(agent)
    this.size--
    if (node.prev) node.prev.next = node.next
    else this.head = node.next
    if (node.next) node.next.prev = node.prev
    else this.tail = node.prev
  }
}
