import type { EventType } from '@argus/shared';

/** The history filters, checked (contract §9). Times are canonical ISO UTC, comparable as text. */
export interface EventFilter {
  cameraIds?: readonly number[];
  eventTypes?: readonly EventType[];
  personId?: number;
  hasSnapshot?: boolean;
  from?: string;
  to?: string;
}

/** Collects bind parameters in order and answers each one's placeholder for the dialect. */
export class SqlParams {
  readonly values: unknown[] = [];

  constructor(readonly postgres: boolean) {}

  add(value: unknown): string {
    this.values.push(value);
    return this.postgres ? `$${this.values.length}` : '?';
  }

  list(values: readonly unknown[]): string {
    return values.map((value) => this.add(value)).join(', ');
  }
}

export type FilterPart = 'camera' | 'type' | 'person' | 'snapshot' | 'time';

/** The WHERE terms of `filter` on camera_events, leaving out the parts an index already selects. */
export function filterTerms(params: SqlParams, filter: EventFilter, skip: readonly FilterPart[] = []): string[] {
  const terms: string[] = [];
  if (filter.cameraIds !== undefined && !skip.includes('camera')) {
    terms.push(
      filter.cameraIds.length === 1
        ? `camera_id = ${params.add(filter.cameraIds[0])}`
        : `camera_id IN (${params.list(filter.cameraIds)})`,
    );
  }
  if (filter.eventTypes !== undefined && !skip.includes('type')) {
    terms.push(
      filter.eventTypes.length === 1
        ? `event_type = ${params.add(filter.eventTypes[0])}`
        : `event_type IN (${params.list(filter.eventTypes)})`,
    );
  }
  if (filter.personId !== undefined && !skip.includes('person')) {
    terms.push(`person_id = ${params.add(filter.personId)}`);
  }
  // Literal TRUE/FALSE (not a parameter) so the partial index on has_snapshot = TRUE applies.
  if (filter.hasSnapshot !== undefined && !skip.includes('snapshot')) {
    terms.push(`has_snapshot = ${filter.hasSnapshot ? 'TRUE' : 'FALSE'}`);
  }
  if (!skip.includes('time')) {
    if (filter.from !== undefined) terms.push(`occurred_at >= ${params.add(filter.from)}`);
    if (filter.to !== undefined) terms.push(`occurred_at < ${params.add(filter.to)}`);
  }
  return terms;
}
