/**
 * Rules every input obeys before any DTO sees it (bodies, query strings, path params), so
 * each holds once for every route and both databases:
 * - nesting at most MAX_INPUT_DEPTH levels (class-transformer recurses once per level);
 * - no NUL character (PostgreSQL text cannot hold one; SQLite would);
 * - no lone UTF-16 surrogate (not encodable as UTF-8: PostgreSQL refuses it);
 * - no `__proto__`, `constructor` or `prototype` key (they reach object prototypes).
 */
export const MAX_INPUT_DEPTH = 32;

const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why `text` cannot be stored, or undefined. */
export function textProblem(text: string): string | undefined {
  if (text.includes('\u0000')) return 'must not contain NUL (\\u0000) characters';
  if (LONE_SURROGATE.test(text)) return 'must be valid Unicode (it holds a lone surrogate)';
  return undefined;
}

/**
 * The first rule `input` breaks, as a message naming the field (`name`, `tags[2]`,
 * `config.keys.auth`) or the whole `what` for depth; undefined when it is clean. Walks
 * with an explicit stack, so hostile nesting cannot overflow the call stack here.
 */
export function inputProblem(input: unknown, what: string): string | undefined {
  const pending: Array<{ value: unknown; path: string; depth: number }> = [{ value: input, path: '', depth: 0 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { value, path, depth } = next;
    if (typeof value === 'string') {
      const problem = textProblem(value);
      if (problem !== undefined) return `${path === '' ? what : path} ${problem}`;
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_INPUT_DEPTH) return `${what} is nested deeper than ${MAX_INPUT_DEPTH} levels`;
    if (Array.isArray(value)) {
      value.forEach((item: unknown, index) =>
        pending.push({ value: item, path: `${path}[${index}]`, depth: depth + 1 }),
      );
      continue;
    }
    for (const [key, item] of Object.entries(value)) {
      const field = path === '' ? key : `${path}.${key}`;
      if (FORBIDDEN_KEYS.has(key)) return `property ${field} is not allowed`;
      const problem = textProblem(key);
      if (problem !== undefined) return `property names in ${path === '' ? what : path} ${problem}`;
      pending.push({ value: item, path: field, depth: depth + 1 });
    }
  }
  return undefined;
}
