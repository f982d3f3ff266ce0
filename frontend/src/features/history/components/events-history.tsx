import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { Dialog, DialogActions } from '@/components/dialog';
import { downloadEventsCsv } from '../api/export-events';
import { useEventHistory } from '../api/get-event-history';
import { RANGE_LABELS } from '@/lib/time-range';
import { historySearchParams, parseHistoryFilter, type HistoryFilter } from '../api/history-filter';
import { EventHistoryList } from './event-history-list';
import { HistoryFilters, type NamedOption } from './history-filters';
import styles from './history.module.css';

interface EventsHistoryProps {
  cameras: readonly NamedOption[];
  people: readonly NamedOption[];
}

function activeFilters(filter: HistoryFilter): number {
  return (
    [filter.camera, filter.type, filter.person, filter.picture].filter((value) => value !== undefined).length +
    (filter.range === 'all' ? 0 : 1)
  );
}

/** The Events page: the filter lives in the URL (shareable, kept on reload), the list below it. */
export function EventsHistory({ cameras, people }: EventsHistoryProps) {
  const [params, setParams] = useSearchParams();
  const filter = parseHistoryFilter(params);
  const history = useEventHistory(filter);
  const [sheetOpen, setSheetOpen] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<string | null>(null);
  const events = useMemo(() => history.data?.pages.flatMap((page) => page.items) ?? [], [history.data]);
  const setFilter = (next: HistoryFilter) => setParams(historySearchParams(next), { replace: true });
  const count = activeFilters(filter);

  const exportCsv = () => {
    setExporting(true);
    setExportError(null);
    downloadEventsCsv(filter)
      .catch((error: unknown) => setExportError(error instanceof Error ? error.message : 'export failed'))
      .finally(() => setExporting(false));
  };

  return (
    <div className={styles.page}>
      <header className={styles.header}>
        <h1 className={styles.heading}>Events</h1>
        <div className={styles.actions}>
          <button
            type="button"
            className={`button ${styles.sheetButton}`}
            onClick={() => setSheetOpen(true)}
            aria-haspopup="dialog"
          >
            Filters{count > 0 ? ` (${count})` : ''}
          </button>
          <button type="button" className="button" onClick={exportCsv} disabled={exporting}>
            {exporting ? 'Exporting…' : 'Export CSV'}
          </button>
        </div>
      </header>
      <div className={styles.inlineFilters}>
        <HistoryFilters filter={filter} onChange={setFilter} cameras={cameras} people={people} />
      </div>
      {sheetOpen && (
        <Dialog title="Filter events" onClose={() => setSheetOpen(false)} testId="filter-sheet">
          <HistoryFilters filter={filter} onChange={setFilter} cameras={cameras} people={people} />
          <DialogActions>
            <button type="button" className="button" onClick={() => setFilter({ range: 'all' })}>
              Clear
            </button>
            <button type="button" className="button button--primary" onClick={() => setSheetOpen(false)}>
              Show events
            </button>
          </DialogActions>
        </Dialog>
      )}
      <p className="muted" aria-live="polite" data-testid="history-summary">
        {history.isPending
          ? 'Loading events…'
          : `${events.length}${history.hasNextPage ? '+' : ''} events · ${RANGE_LABELS[filter.range]}`}
      </p>
      {exportError !== null && (
        <p className="form-error" role="alert">
          Export failed: {exportError}
        </p>
      )}
      {history.isError && (
        <p className="form-error" role="alert">
          Could not load events: {history.error.message}
        </p>
      )}
      {!history.isPending && events.length === 0 && !history.isError && (
        <p className="muted empty">No events match these filters.</p>
      )}
      <EventHistoryList
        events={events}
        hasMore={history.hasNextPage}
        loadingMore={history.isFetchingNextPage}
        onLoadMore={() => {
          if (!history.isFetchingNextPage) void history.fetchNextPage();
        }}
      />
    </div>
  );
}
