/**
 * A strict parser of the Prometheus text exposition format (0.0.4): every line must be a
 * `# HELP`, a `# TYPE` or a sample of a declared metric family, or the parse fails. Samples are
 * keyed `name{a="x",b="y"}` with the labels sorted.
 */
export interface Exposition {
  types: Map<string, string>;
  samples: Map<string, number>;
  /** A sample's value, 0 when absent (a labelled counter appears on its first increment). */
  value(name: string, labels?: Record<string, string>): number;
}

// Values as Go's ParseFloat reads them (Prometheus): numbers, NaN in any case (prom-client writes `Nan`), ±Inf.
const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (-?[0-9.]+(?:e[+-]?\d+)?|nan|[+-]inf)(?: -?\d+)?$/i;
const LABEL = /^([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"$/;
const SUFFIXES = ['_bucket', '_sum', '_count', '_total', '_created', ''];

export function sampleKey(name: string, labels: Record<string, string> = {}): string {
  const pairs = Object.keys(labels)
    .sort()
    .map((key) => `${key}="${labels[key]}"`);
  return pairs.length === 0 ? name : `${name}{${pairs.join(',')}}`;
}

function splitLabels(text: string, line: string): Record<string, string> {
  const labels: Record<string, string> = {};
  if (text === '') return labels;
  for (const part of text.match(/[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*"/g) ?? []) {
    const match = LABEL.exec(part);
    if (match === null) throw new Error(`bad label in: ${line}`);
    labels[match[1]] = match[2];
  }
  return labels;
}

export function parseExposition(text: string): Exposition {
  const types = new Map<string, string>();
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (line.startsWith('# HELP ')) continue;
    if (line.startsWith('# TYPE ')) {
      const [name, type] = line.slice(7).split(' ');
      if (!['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(type)) throw new Error(`bad type: ${line}`);
      types.set(name, type);
      continue;
    }
    const match = SAMPLE.exec(line);
    if (match === null) throw new Error(`not a sample line: ${line}`);
    const [, name, labelText = '', value] = match;
    const family = SUFFIXES.map((suffix) => (name.endsWith(suffix) ? name.slice(0, name.length - suffix.length) : ''))
      .concat(name)
      .find((candidate) => candidate !== '' && types.has(candidate));
    if (family === undefined) throw new Error(`sample of an undeclared family: ${line}`);
    const number = /^nan$/i.test(value)
      ? NaN
      : /^[+-]inf$/i.test(value)
        ? Number(`${value[0]}Infinity`)
        : Number(value);
    samples.set(sampleKey(name, splitLabels(labelText, line)), number);
  }
  return {
    types,
    samples,
    value: (name, labels) => samples.get(sampleKey(name, labels)) ?? 0,
  };
}
