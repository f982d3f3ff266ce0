import { getMetadataStorage } from 'class-validator';
import { DataSource } from 'typeorm';
import { LoginDto } from '../src/auth/dto/login.dto';
import { CreateCameraDto } from '../src/cameras/dto/create-camera.dto';
import { UpdateCameraDto } from '../src/cameras/dto/update-camera.dto';
import { IS_TEXT } from '../src/common/validation';
import { IngestEventDto } from '../src/events/dto/ingest-event.dto';
import { CreatePersonDto } from '../src/people/dto/create-person.dto';
import { test as base } from './support/fixtures';

type Dto = new () => object;

// Every bounded string of a DTO that is stored, and the column that stores it. A text
// field a DTO bounds but never stores (grant_type, scope) is listed with no column.
const FIELDS: Array<[Dto, string, [string, string] | null]> = [
  [LoginDto, 'username', ['users', 'username']],
  [LoginDto, 'grant_type', null],
  [LoginDto, 'scope', null],
  [CreateCameraDto, 'name', ['cameras', 'name']],
  [CreateCameraDto, 'location', ['cameras', 'location']],
  [UpdateCameraDto, 'name', ['cameras', 'name']],
  [UpdateCameraDto, 'location', ['cameras', 'location']],
  [CreatePersonDto, 'name', ['people', 'name']],
  [IngestEventDto, 'person_name', ['camera_events', 'person_name']],
];

/** The [min, max] code points each IsText field of `dto` allows. */
function textBounds(dto: Dto): Map<string, number> {
  const bounds = new Map<string, number>();
  for (const rule of getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false)) {
    if (rule.name === IS_TEXT) bounds.set(rule.propertyName, (rule.constraints as [number, number])[1]);
  }
  return bounds;
}

// A validator that allows more characters than the column holds gets a 500 on PostgreSQL
// (SQLite stores anything): the limits must be the columns' own, counted the same way.
/** The VARCHAR size of a column, as the database reports it. */
const test = base.extend('columns', { scope: 'file' }, ({ t }) => {
  const db = t.app.get(DataSource);
  return async (table: string, column: string): Promise<number> => {
    if (db.options.type === 'postgres') {
      const rows: Array<{ size: number }> = await db.query(
        `SELECT character_maximum_length AS size FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name = $1 AND column_name = $2`,
        [table, column],
      );
      return rows[0].size;
    }
    const rows: Array<{ name: string; type: string }> = await db.query(`PRAGMA table_info(${table})`);
    const type = rows.find((row) => row.name === column)?.type ?? '';
    return Number(/^VARCHAR\((\d+)\)$/i.exec(type)?.[1]);
  };
});
const it = test;

describe('text limits match the database columns', () => {
  it('lists every bounded text field of the DTOs', () => {
    const dtos = [...new Set(FIELDS.map(([dto]) => dto))];
    const declared = dtos.flatMap((dto) => [...textBounds(dto).keys()].map((field) => `${dto.name}.${field}`));
    expect(declared.sort()).toEqual(FIELDS.map(([dto, field]) => `${dto.name}.${field}`).sort());
  });

  const stored = FIELDS.flatMap(([dto, field, column]) =>
    column === null ? [] : [[`${dto.name}.${field}`, dto, field, ...column] as const],
  );
  it.for(stored)('%s fits its column', async ([label, dto, field, table, column], { columns }) => {
    expect({ field: label, max: textBounds(dto).get(field) }).toEqual({
      field: label,
      max: await columns(table, column),
    });
  });
});
