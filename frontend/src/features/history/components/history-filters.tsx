import { EVENT_TYPES, type EventType } from '@argus/shared';
import { useId } from 'react';
import { EVENT_TYPE_LABELS } from '@/lib/format';
import { RANGE_LABELS, RANGE_PRESETS, type RangePreset } from '@/lib/time-range';
import type { HistoryFilter } from '../api/history-filter';
import styles from './history.module.css';

export interface NamedOption {
  id: number;
  name: string;
}

interface HistoryFiltersProps {
  filter: HistoryFilter;
  onChange(filter: HistoryFilter): void;
  cameras: readonly NamedOption[];
  people: readonly NamedOption[];
}

/** `datetime-local` shows local time without a zone: convert both ways. */
function toLocalInput(iso: string | undefined): string {
  if (iso === undefined) return '';
  const date = new Date(iso);
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

function fromLocalInput(value: string): string | undefined {
  if (value === '') return undefined;
  const time = new Date(value).getTime();
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

const optionalNumber = (value: string): number | undefined => (value === '' ? undefined : Number(value));

/** The filter controls: every one a labelled native control, applied as it changes. */
export function HistoryFilters({ filter, onChange, cameras, people }: HistoryFiltersProps) {
  const id = useId();
  const set = (patch: Partial<HistoryFilter>) => onChange({ ...filter, ...patch });
  return (
    <div className={styles.filters} data-testid="history-filters">
      <div className="field">
        <label htmlFor={`${id}-range`}>Time</label>
        <select
          id={`${id}-range`}
          value={filter.range}
          onChange={(event) => {
            const range = event.target.value as RangePreset;
            set(range === 'custom' ? { range } : { range, from: undefined, to: undefined });
          }}
        >
          {RANGE_PRESETS.map((preset) => (
            <option key={preset} value={preset}>
              {RANGE_LABELS[preset]}
            </option>
          ))}
        </select>
      </div>
      {filter.range === 'custom' && (
        <>
          <div className="field">
            <label htmlFor={`${id}-from`}>From</label>
            <input
              id={`${id}-from`}
              type="datetime-local"
              value={toLocalInput(filter.from)}
              onChange={(event) => set({ from: fromLocalInput(event.target.value) })}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-to`}>To</label>
            <input
              id={`${id}-to`}
              type="datetime-local"
              value={toLocalInput(filter.to)}
              onChange={(event) => set({ to: fromLocalInput(event.target.value) })}
            />
          </div>
        </>
      )}
      <div className="field">
        <label htmlFor={`${id}-camera`}>Camera</label>
        <select
          id={`${id}-camera`}
          value={filter.camera ?? ''}
          onChange={(event) => set({ camera: optionalNumber(event.target.value) })}
        >
          <option value="">All cameras</option>
          {cameras.map((camera) => (
            <option key={camera.id} value={camera.id}>
              {camera.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-type`}>Type</label>
        <select
          id={`${id}-type`}
          value={filter.type ?? ''}
          onChange={(event) => set({ type: event.target.value === '' ? undefined : (event.target.value as EventType) })}
        >
          <option value="">All types</option>
          {EVENT_TYPES.map((type) => (
            <option key={type} value={type}>
              {EVENT_TYPE_LABELS[type]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-person`}>Person</label>
        <select
          id={`${id}-person`}
          value={filter.person ?? ''}
          onChange={(event) => set({ person: optionalNumber(event.target.value) })}
        >
          <option value="">Anyone</option>
          {people.map((person) => (
            <option key={person.id} value={person.id}>
              {person.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-picture`}>Picture</label>
        <select
          id={`${id}-picture`}
          value={filter.picture === undefined ? '' : filter.picture ? 'yes' : 'no'}
          onChange={(event) => set({ picture: event.target.value === '' ? undefined : event.target.value === 'yes' })}
        >
          <option value="">With or without</option>
          <option value="yes">With a picture</option>
          <option value="no">Without a picture</option>
        </select>
      </div>
    </div>
  );
}
