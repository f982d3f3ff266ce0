/** The closing table every part prints, its verdict and its raw results file. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';

export const fmtMs = (value: number): string => (Number.isFinite(value) ? `${value.toFixed(1)} ms` : 'n/a');
export const fmtKb = (bytes: number): string => (Number.isFinite(bytes) ? `${(bytes / 1024).toFixed(2)} KB` : 'n/a');
export const fmtRate = (value: number): string => (Number.isFinite(value) ? value.toFixed(0) : 'n/a');
export const fmtRatio = (value: number): string => (Number.isFinite(value) ? `${value.toFixed(2)}x` : 'n/a');

/** a / b, NaN when either is missing or b is not positive. */
export function ratio(a: number, b: number): number {
  return Number.isFinite(a) && Number.isFinite(b) && b > 0 ? a / b : NaN;
}

/** A target row's last two cells; a NaN measure never meets a target. */
export function verdict(target: string, met: boolean): [string, string] {
  return [target, met ? 'yes' : 'NO'];
}

/** A Markdown table with padded columns (readable in a terminal, pasteable into docs). */
export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = header.map((title, c) => Math.max(title.length, ...rows.map((row) => (row[c] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    `| ${widths.map((width, c) => (cells[c] ?? '').padEnd(width)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function machine(): string {
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  return `${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}, load average ${load}`;
}

/**
 * Prints the machine, the table and the missed targets, writes bench/results/<part>-<time>.json
 * and sets exit code 1 when a target was missed.
 */
export function finish(part: string, text: string, failures: readonly string[], data: object, startedAt: number): void {
  const machineLine = machine();
  console.log(`\nmachine: ${machineLine}\n`);
  console.log(text);
  console.log(`\n${part}: ${((Date.now() - startedAt) / 1000).toFixed(0)} s`);
  const dir = join(__dirname, '..', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${part}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ part, machine: machineLine, ...data, table: text, failures }, null, 2));
  console.log(`results: ${file}`);
  if (failures.length > 0) {
    console.log(`\nTARGETS MISSED (${part}):\n- ${failures.join('\n- ')}`);
    process.exitCode = 1;
  } else console.log(`\n${part}: all targets met`);
}
