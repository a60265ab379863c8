import type { Fact } from '../fact/schema.js';
import { inFoldOrder, type ResolveCustomerId } from './clienteling-order.js';
import { CustomerTaskAddedPayloadSchema, CustomerTaskDonePayloadSchema } from './clienteling-facts.js';

/** A follow-up task as the book shows it, folded from its customer.task-added and customer.task-done facts. */
export interface CustomerTask {
  /** The customer.task-added fact's id. */
  id: string;
  customerId: string;
  text: string;
  dueOn: string;
  assignee: string;
  createdBy: string;
  createdAt: string;
  suggestion: string | null;
  done: { by: string; at: string } | null;
  /** Not yet decided by the server (added or done offline). */
  pending: boolean;
}

/**
 * The store's follow-up tasks from its facts: a task is added once (its fact id), done once (the first done fact
 * that is not refused; another device's second "done" changes nothing). Tasks the server refused are not shown;
 * a task about an id merged since belongs to the survivor.
 */
export function tasksOf(facts: readonly Fact[], resolve: ResolveCustomerId = (id) => id): CustomerTask[] {
  const tasks = new Map<string, CustomerTask>();
  const ordered = inFoldOrder(facts.filter((f) => f.kind === 'customer.task-added' || f.kind === 'customer.task-done'));
  for (const f of ordered) {
    if (f.kind !== 'customer.task-added') continue;
    const p = CustomerTaskAddedPayloadSchema.safeParse(f.payload);
    if (!p.success) continue;
    tasks.set(f.id, {
      id: f.id,
      customerId: resolve(f.subjectId),
      text: p.data.text,
      dueOn: p.data.dueOn,
      assignee: p.data.assignee,
      createdBy: f.associateId,
      createdAt: f.outcome?.decidedAt ?? f.createdAtDevice,
      suggestion: p.data.suggestion,
      done: null,
      pending: !f.outcome,
    });
  }
  for (const f of ordered) {
    if (f.kind !== 'customer.task-done') continue;
    const p = CustomerTaskDonePayloadSchema.safeParse(f.payload);
    const task = p.success ? tasks.get(p.data.taskId) : undefined;
    if (!task || task.done) continue;
    tasks.set(task.id, { ...task, done: { by: f.associateId, at: f.outcome?.decidedAt ?? f.createdAtDevice }, pending: task.pending || !f.outcome });
  }
  return [...tasks.values()];
}

/** Open tasks first, by due date (overdue first), then done ones, most recently done first. */
export function sortTasks(tasks: readonly CustomerTask[]): CustomerTask[] {
  const open = tasks.filter((t) => !t.done).sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : a.createdAt < b.createdAt ? -1 : 1));
  const done = tasks.filter((t) => t.done).sort((a, b) => (a.done!.at < b.done!.at ? 1 : -1));
  return [...open, ...done];
}

/** Whether an open task is overdue on `today` (a calendar date in the store's time zone). */
export const isOverdue = (task: Pick<CustomerTask, 'done' | 'dueOn'>, today: string): boolean => !task.done && task.dueOn < today;
