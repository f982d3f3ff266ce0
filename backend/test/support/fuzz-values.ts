import { EVENT_TYPES, ROLES, SEVERITIES } from '@argus/shared';
import { createPrng, type RandomSource } from '../../src/simulator/prng';

/** JSON text, written by hand so it can hold what JSON.stringify cannot (-0, 1e400, deep nesting). */
export type JsonText = string;

/** Strings that have broken (or could break) a validator, a query or a database. */
const HOSTILE_STRINGS = [
  '',
  ' ',
  '\u0000',
  'Gate\u0000',
  '\ud800',
  'x\udfff',
  'a\ud83d',
  '😀'.repeat(101),
  'a\uFE0F'.repeat(101),
  'e\u0301'.repeat(120),
  'x'.repeat(5000),
  '\u202eevil',
  '\uFEFFbom',
  "'; DROP TABLE users; --",
  '%00',
  '\\u0000',
  'null',
  'NaN',
  'Infinity',
  '-0',
  '1e2',
  '0x10',
  '2147483648',
  '__proto__',
  'constructor',
  '{"a":1}',
  '<script>alert(1)</script>',
  '\r\n\t',
  'ADMIN',
  '../../etc/passwd',
  'Ω'.repeat(37),
];

/** Raw JSON numbers: ids past 32 and 53 bits, negative zero, overflow to Infinity, underflow to 0. */
const HOSTILE_NUMBERS = [
  '0',
  '-0',
  '1',
  '-1',
  '0.5',
  '1.5',
  '1e2',
  '1e400',
  '-1e400',
  '1e-400',
  '2147483647',
  '2147483648',
  '4294967296',
  '9007199254740991',
  '9007199254740993',
  '1' + '0'.repeat(400),
  '-2147483649',
  '0.30000000000000004',
];

/** Path and query text, already percent-encoded as a client would send it. */
const HOSTILE_URL_TEXT = [
  '0',
  '-1',
  '-0',
  '+1',
  '1.0',
  '1.5',
  '1e3',
  '0x10',
  '2147483647',
  '2147483648',
  '4294967296',
  '9007199254740993',
  '9'.repeat(400),
  'abc',
  'NaN',
  'Infinity',
  '%00',
  '1%00',
  '%ED%A0%80',
  '%FF',
  '%F0%9F%98%80',
  '%20',
  '%201',
  '%EF%BC%91',
  '%5B%5D',
  '__proto__',
  '',
];

/** Every random choice of a fuzz run comes from one seeded source, so a seed replays it. */
export class Fuzz {
  private readonly random: RandomSource;

  constructor(readonly seed: number) {
    this.random = createPrng(seed);
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.random() * n);
  }

  chance(p: number): boolean {
    return this.random() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** Random UTF-16 code units: lone surrogates, controls and astral halves included. */
  noise(maxLength = 40): string {
    return String.fromCharCode(...Array.from({ length: this.int(maxLength) }, () => this.int(0x10000)));
  }

  hostileString(): string {
    return this.chance(0.75) ? this.pick(HOSTILE_STRINGS) : this.noise();
  }

  hostileUrlText(): string {
    return this.pick(HOSTILE_URL_TEXT);
  }

  /** Any hostile JSON value, nesting at most `depth` more levels (or far deeper, on purpose). */
  hostile(depth = 3): JsonText {
    switch (this.int(8)) {
      case 0:
      case 1:
        return JSON.stringify(this.hostileString());
      case 2:
        return this.pick(HOSTILE_NUMBERS);
      case 3:
        return this.pick(['true', 'false', 'null', '[]', '{}']);
      case 4:
        return depth <= 0
          ? 'null'
          : `[${Array.from({ length: this.int(4) }, () => this.hostile(depth - 1)).join(',')}]`;
      case 5:
        return depth <= 0
          ? '{}'
          : this.object(Array.from({ length: this.int(4) }, () => [this.key(), this.hostile(depth - 1)]));
      case 6:
        return this.deep();
      default:
        return JSON.stringify(this.noise(8));
    }
  }

  /** Arrays or objects nested around the 32-level limit, or thousands deep. */
  deep(): JsonText {
    const levels = this.pick([31, 32, 33, 64, 1000, 3000]);
    return this.chance(0.5)
      ? '['.repeat(levels) + ']'.repeat(levels)
      : '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);
  }

  /** A property name: often one that reaches a prototype, or is not text a database can hold. */
  key(): string {
    return this.pick([
      '__proto__',
      'constructor',
      'prototype',
      'a\u0000',
      '\ud800',
      'extra',
      'id',
      'role',
      this.noise(6),
    ]);
  }

  object(entries: Array<[string, JsonText]>): JsonText {
    return `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${value}`).join(',')}}`;
  }

  eventType(): string {
    return this.pick(EVENT_TYPES);
  }

  severity(): string {
    return this.pick(SEVERITIES);
  }

  role(): string {
    return this.pick(ROLES);
  }
}

/** FUZZ_SEED replays a run; otherwise a fresh seed each run (printed by the suite). */
export function fuzzSeed(): number {
  const configured = process.env.FUZZ_SEED;
  if (configured !== undefined && configured !== '') return Number(configured) >>> 0;
  return Math.floor(Math.random() * 2 ** 32);
}
