/**
 * The socket benchmark's closing table: every server side by side, Argus's ratios to its two
 * peers and to itself with metrics off (what the counters cost), the targets.
 */
import { fmtKb, fmtMs, fmtRate, fmtRatio, ratio, table } from '../lib/report';
import { max, percentile } from '../lib/stats';
import { perSocket, type RunResult, type ServerKey, type Settings } from './session';

export const TARGETS = { handshakes: 0.8, fanout: 1.1, heap: 1.2 } as const;

const COLUMNS: Array<[ServerKey, string]> = [
  ['argus', 'Argus'],
  ['argus-off', 'Argus, metrics off'],
  ['ws-jwt', 'ws + JWT'],
  ['socket.io', 'Socket.IO'],
  ['ws', 'ws (no auth)'],
];

/** A fact per server, with an absolute target on Argus (or none). */
interface FactRow {
  name: string;
  show: (r: RunResult) => string;
  target?: { text: string; met: (argus: RunResult) => boolean };
}

/** A measure per server, with Argus's ratios to the two peers and maybe a target on Argus / ws+JWT. */
interface MeasureRow {
  name: string;
  value: (r: RunResult) => number;
  format: (value: number) => string;
  target?: { kind: 'min' | 'max'; limit: number };
}

type Row = FactRow | MeasureRow;

const heap = (r: RunResult): number => perSocket(r.memoryBefore?.heapUsed, r.memoryAfter?.heapUsed, r.opened);
const rss = (r: RunResult): number => perSocket(r.memoryBefore?.rss, r.memoryAfter?.rss, r.opened);

function closes(r: RunResult): string {
  const entries = Object.entries(r.shutdown.reasons);
  return entries.length === 0 ? 'none' : entries.map(([reason, n]) => `${n} × ${reason}`).join(', ');
}

function rows(settings: Settings): Row[] {
  const n = settings.sockets;
  return [
    {
      name: 'sockets open / failed',
      show: (r) => `${r.opened} / ${r.failed}`,
      target: { text: `${n} / 0`, met: (a) => a.opened === n && a.failed === 0 },
    },
    {
      name: 'handshakes per second',
      value: (r) => r.handshakesPerSecond,
      format: fmtRate,
      target: { kind: 'min', limit: TARGETS.handshakes },
    },
    { name: 'handshake p50', value: (r) => r.handshakeP50, format: fmtMs },
    { name: 'handshake p99', value: (r) => r.handshakeP99, format: fmtMs },
    {
      name: 'server heap per socket (after GC)',
      value: heap,
      format: fmtKb,
      target: { kind: 'max', limit: TARGETS.heap },
    },
    { name: 'server RSS per socket', value: rss, format: fmtKb },
    {
      name: 'server open files / limit',
      show: (r) => `${r.filesAfter?.open ?? '-'} / ${r.filesBefore.limit}`,
      target: { text: 'all sockets fit', met: (a) => a.skipped === null },
    },
    { name: 'statistics_update / camera_event bytes', show: (r) => `${r.frames.statistics} / ${r.frames.event}` },
    {
      name: 'ticks reaching every socket',
      show: (r) => `${r.ticksComplete}/${settings.ticks}`,
      target: { text: 'all', met: (a) => a.ticksComplete === settings.ticks },
    },
    {
      name: 'tick → last socket p50',
      value: (r) => percentile(r.fanoutLast, 50),
      format: fmtMs,
      target: { kind: 'max', limit: TARGETS.fanout },
    },
    { name: 'tick → last socket max', value: (r) => max(r.fanoutLast), format: fmtMs },
    {
      name: 'events reaching every socket',
      show: (r) => `${r.eventsComplete}/${settings.events}`,
      target: { text: 'all', met: (a) => a.eventsComplete === settings.events },
    },
    {
      name: 'event ingest → last socket p50',
      value: (r) => percentile(r.eventLast, 50),
      format: fmtMs,
      target: { kind: 'max', limit: TARGETS.fanout },
    },
    { name: 'event ingest → last socket max', value: (r) => max(r.eventLast), format: fmtMs },
    {
      name: 'sockets dropped while held',
      show: (r) => String(r.shutdown.droppedWhileHeld),
      target: { text: '0', met: (a) => a.skipped === null && a.shutdown.droppedWhileHeld === 0 },
    },
    {
      name: 'SIGTERM: closes received',
      show: closes,
      target: { text: `${n} × 1001`, met: (a) => a.opened > 0 && a.shutdown.reasons['1001'] === a.opened },
    },
    {
      name: 'SIGTERM: exit code, time',
      show: (r) => `${r.shutdown.exitCode}, ${r.shutdown.ms} ms`,
      target: { text: 'exit 0', met: (a) => a.shutdown.exitCode === 0 },
    },
  ];
}

export function report(
  results: Partial<Record<ServerKey, RunResult>>,
  settings: Settings,
): { text: string; failures: string[] } {
  const argus = results.argus;
  const cell = (key: ServerKey, show: (r: RunResult) => string): string => {
    const r = results[key];
    return r === undefined ? '-' : r.skipped !== null ? 'not measured' : show(r);
  };
  const failures: string[] = [];
  const body = rows(settings).map((row): string[] => {
    const label = argus === undefined ? 'not run' : undefined;
    if ('show' in row) {
      const cells = COLUMNS.map(([key]) => cell(key, row.show));
      if (row.target === undefined) return [row.name, ...cells, '', '', '', '', ''];
      const met = argus !== undefined && row.target.met(argus);
      if (!met) failures.push(`${row.name}: Argus ${label ?? row.show(argus!)} (target ${row.target.text})`);
      return [row.name, ...cells, '', '', '', row.target.text, met ? 'yes' : 'NO'];
    }
    const a = argus === undefined ? NaN : row.value(argus);
    const of = (key: ServerKey): number => {
      const r = results[key];
      return r === undefined || r.skipped !== null ? NaN : ratio(a, row.value(r));
    };
    const vsJwt = of('ws-jwt');
    const cells = [
      row.name,
      ...COLUMNS.map(([key]) => cell(key, (r) => row.format(row.value(r)))),
      fmtRatio(vsJwt),
      fmtRatio(of('socket.io')),
      fmtRatio(of('argus-off')),
    ];
    if (row.target === undefined) return [...cells, '', ''];
    const { kind, limit } = row.target;
    const text = `${kind === 'min' ? '≥' : '≤'} ${limit}x ws+JWT`;
    // NaN (a figure or the baseline missing) never meets a target.
    const met = kind === 'min' ? vsJwt >= limit : vsJwt <= limit;
    if (!met) failures.push(`${row.name}: Argus is ${fmtRatio(vsJwt)} of ws + JWT (target ${text})`);
    return [...cells, text, met ? 'yes' : 'NO'];
  });
  const header = [
    'figure',
    ...COLUMNS.map(([, title]) => title),
    'Argus / ws+JWT',
    'Argus / Socket.IO',
    'metrics on / off',
    'target',
    'met?',
  ];
  return { text: table(header, body), failures };
}
