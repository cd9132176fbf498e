// The schedule node: open, closed or holiday by a calendar of the directory (or one written inline).
import type { ScheduleNode } from '@routewright/strategy-dsl'
import type { NodeBehaviour } from '../engine/port.ts'
import { message } from '../stats/stat-reader.ts'
import { scheduleStatus } from '../time/calendar.ts'

export const scheduleNode: NodeBehaviour<ScheduleNode> = {
  run(port, frame, node) {
    const n = node.node
    const calendar = typeof n.calendar === 'string' ? port.directory.calendars?.[n.calendar] : n.calendar
    if (!calendar) {
      port.nodeError(
        frame,
        node,
        `Calendar "${String(n.calendar)}" is not in directory "${port.directory.directory}"`,
      )
      return
    }
    let status: ReturnType<typeof scheduleStatus>
    try {
      status = scheduleStatus(calendar, port.clock.now())
    } catch (error) {
      port.nodeError(
        frame,
        node,
        `Calendar time zone "${calendar.timezone}" is not usable: ${message(error)}`,
      )
      return
    }
    port.trace(frame.run, {
      strategy: frame.strategy,
      node: node.id,
      kind: 'value',
      name: 'schedule',
      value: status,
    })
    port.takeOutput(frame, node, status === 'holiday' && n.next?.holiday === undefined ? 'closed' : status)
  },
}
