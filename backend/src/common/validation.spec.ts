import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { IntegerQuery, IsOptionalId, IsPassword, IsText, codePointLength } from './validation';

class Sample {
  @IsText('name', { min: 1, max: 10 })
  name: string;

  @IsOptionalId('camera_id')
  camera_id?: number;

  @IntegerQuery('limit', { min: 1, max: 500 })
  limit?: number;

  @IsPassword('password')
  password: string;
}

function errors(input: Record<string, unknown>): string[] {
  const sample = plainToInstance(Sample, { name: 'ok', password: 'password-1', ...input });
  return validateSync(sample).flatMap((error) => Object.values(error.constraints ?? {}));
}

describe('validation decorators', () => {
  it('counts code points as PostgreSQL does, not what class-validator Length counts', () => {
    expect(codePointLength('a\uFE0F'.repeat(5))).toBe(10);
    expect(codePointLength('😀'.repeat(10))).toBe(10);
    expect(errors({ name: 'a\uFE0F'.repeat(5) })).toEqual([]);
    expect(errors({ name: 'a\uFE0F'.repeat(6) })).toEqual(['name must be 1 to 10 characters']);
    expect(errors({ name: '😀'.repeat(10) })).toEqual([]);
    expect(errors({ name: 'e\u0301'.repeat(6) })).toEqual(['name must be 1 to 10 characters']);
    expect(errors({ name: '' })).toEqual(['name must be 1 to 10 characters']);
    expect(errors({ name: 5 })).toEqual(['name must be a string']);
  });

  it('range-checks body ids as JSON numbers only', () => {
    expect(errors({ camera_id: 2147483647 })).toEqual([]);
    expect(errors({ camera_id: null })).toEqual([]);
    for (const bad of [0, 2 ** 31, 2 ** 53, 1.5, '7']) {
      expect(errors({ camera_id: bad })).toEqual(['camera_id must be an integer from 1 to 2147483647']);
    }
  });

  it('reads integer query text as plain decimal digits only', () => {
    expect(plainToInstance(Sample, { limit: '100' }).limit).toBe(100);
    for (const bad of ['1e2', '0x10', '-1', '501', '1.0', ['1', '2']]) {
      expect(errors({ limit: bad })).toEqual(['limit must be an integer from 1 to 500']);
    }
  });

  it('takes passwords of 8 to 72 bytes of UTF-8', () => {
    expect(errors({ password: 'p'.repeat(72) })).toEqual([]);
    expect(errors({ password: 'ü'.repeat(36) })).toEqual([]);
    for (const bad of ['p'.repeat(73), 'ü'.repeat(37), 'short', 'ü'.repeat(3)]) {
      expect(errors({ password: bad })[0]).toMatch(/^password must be 8 to 72 bytes of UTF-8/);
    }
  });
});
