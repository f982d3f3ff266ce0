import { inputProblem, MAX_INPUT_DEPTH, textProblem } from './input-rules';

const nestedArrays = (depth: number): unknown => JSON.parse('['.repeat(depth) + ']'.repeat(depth));
const nestedObjects = (depth: number): unknown => JSON.parse('{"a":'.repeat(depth - 1) + '{}' + '}'.repeat(depth - 1));

describe('input rules', () => {
  it('takes ordinary input, including astral characters and combining marks', () => {
    expect(inputProblem({ name: 'Gate 🚪', location: 'Cafe\u0301', tags: [1, null, true] }, 'body')).toBeUndefined();
    expect(inputProblem(undefined, 'body')).toBeUndefined();
  });

  it(`takes ${MAX_INPUT_DEPTH} levels of nesting and refuses one more`, () => {
    expect(inputProblem(nestedArrays(MAX_INPUT_DEPTH), 'body')).toBeUndefined();
    expect(inputProblem(nestedObjects(MAX_INPUT_DEPTH), 'body')).toBeUndefined();
    expect(inputProblem(nestedArrays(MAX_INPUT_DEPTH + 1), 'body')).toBe('body is nested deeper than 32 levels');
    expect(inputProblem(nestedObjects(MAX_INPUT_DEPTH + 1), 'body')).toBe('body is nested deeper than 32 levels');
  });

  it('walks 100,000 levels without overflowing the stack', () => {
    expect(inputProblem(nestedArrays(100_000), 'body')).toBe('body is nested deeper than 32 levels');
  });

  it('names the field holding a NUL or a lone surrogate', () => {
    expect(inputProblem({ name: 'a\u0000b' }, 'body')).toBe('name must not contain NUL (\\u0000) characters');
    expect(inputProblem({ list: ['ok', { deep: 'x\ud800' }] }, 'body')).toBe(
      'list[1].deep must be valid Unicode (it holds a lone surrogate)',
    );
    expect(inputProblem({ limit: ['1', '\u0000'] }, 'query')).toBe(
      'limit[1] must not contain NUL (\\u0000) characters',
    );
    expect(inputProblem('\udc00', 'body')).toBe('body must be valid Unicode (it holds a lone surrogate)');
  });

  it('refuses NUL or lone surrogates in property names', () => {
    expect(inputProblem({ 'na\u0000me': 1 }, 'body')).toBe(
      'property names in body must not contain NUL (\\u0000) characters',
    );
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuses the key %s at any depth', (key) => {
    expect(inputProblem(JSON.parse(`{"name":"x","${key}":{}}`), 'body')).toBe(`property ${key} is not allowed`);
    expect(inputProblem(JSON.parse(`{"a":[{"${key}":1}]}`), 'body')).toBe(`property a[0].${key} is not allowed`);
  });

  it('tells a lone surrogate from a pair', () => {
    expect(textProblem('\ud83d\ude00')).toBeUndefined();
    expect(textProblem('\ude00\ud83d')).toBeDefined();
    expect(textProblem('a\ud83d')).toBeDefined();
  });
});
