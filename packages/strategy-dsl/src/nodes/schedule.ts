import { z } from 'zod'
import { calendarSchema } from '../schema/calendar.ts'
import { idSchema, nodeRefSchema } from '../schema/primitives.ts'
import { type NodeKind, namedOutputs, nodeBaseShape } from './kind.ts'

/**
 * Branches on date and time: open, closed or holiday, using a calendar from the directory or one written inline.
 * Without a `holiday` output, holidays take `closed`.
 * @example
 * type: schedule
 * calendar: us_east
 * next: { open: menu, closed: after_hours, holiday: holiday_message }
 */
export const scheduleNodeSchema = z
  .object({
    type: z.literal('schedule'),
    ...nodeBaseShape,
    /** A calendar of the directory, by name. */
    calendar: z.union([idSchema, calendarSchema]),
    next: z
      .object({
        open: nodeRefSchema.optional(),
        closed: nodeRefSchema.optional(),
        holiday: nodeRefSchema.optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
export type ScheduleNode = z.infer<typeof scheduleNodeSchema>

export const scheduleKind: NodeKind<ScheduleNode> = {
  type: 'schedule',
  title: 'Schedule',
  description: 'Branch on business hours and holidays in a time zone.',
  schema: scheduleNodeSchema,
  waits: false,
  terminal: false,
  outputs: (node) =>
    namedOutputs(node.next, [
      { name: 'open', required: true },
      { name: 'closed', required: true },
      { name: 'holiday', required: false },
    ]),
  expressions: () => [],
  references: (node) =>
    typeof node.calendar === 'string'
      ? [{ kind: 'calendar', name: node.calendar, path: ['calendar'], use: 'checks hours' }]
      : [],
  summary: (node) => (typeof node.calendar === 'string' ? node.calendar : node.calendar.timezone),
}
