import { ApiProperty } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { PASSWORD_MAX_BYTES, PASSWORD_MIN_BYTES } from '@argus/shared';
import { IS_INTEGER_IN, IS_PASSWORD, IS_TEXT } from '../common/validation';

type Schema = Record<string, unknown>;

/** What one class-validator rule says about a property's schema. */
function ruleSchema(rule: ValidationMetadata): Schema {
  const [first, second] = (rule.constraints ?? []) as unknown[];
  switch (rule.name ?? '') {
    case 'isIn':
      return { type: 'string', enum: first };
    case IS_TEXT:
      return { type: 'string', ...((first as number) > 0 ? { minLength: first } : {}), maxLength: second };
    case IS_PASSWORD:
      return {
        type: 'string',
        format: 'password',
        description: `${PASSWORD_MIN_BYTES} to ${PASSWORD_MAX_BYTES} bytes of UTF-8`,
      };
    case IS_INTEGER_IN:
      return { type: 'integer', minimum: first, maximum: second };
    case 'isString':
    case 'isNotEmpty':
      return { type: 'string' };
    case 'isBoolean':
      return { type: 'boolean' };
    case 'isNumber':
      return { type: 'number' };
    case 'isIso8601':
    case 'isISO8601':
      return { type: 'string', format: 'date-time' };
    case 'min':
      return { minimum: first };
    case 'max':
      return { maximum: first };
    case 'matches':
      return { pattern: String(first instanceof RegExp ? first.source : first) };
    default:
      return {};
  }
}

/**
 * Documents every request DTO from the class-validator rules it already carries (the Nest
 * swagger CLI plugin is not in this build: `tsc`, and SWC in tests), so the rules are written
 * once and the OpenAPI document cannot drift from what the server checks. Runs once per
 * process; `ApiProperty` metadata is what the document generator reads.
 */
export function documentDtos(): void {
  if (documented) return;
  documented = true;
  const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<object, ValidationMetadata[]> };
  for (const [target, rules] of storage.validationMetadatas) {
    if (typeof target !== 'function') continue;
    const byProperty = new Map<string, ValidationMetadata[]>();
    for (const rule of rules) byProperty.set(rule.propertyName, [...(byProperty.get(rule.propertyName) ?? []), rule]);
    for (const [property, propertyRules] of byProperty) {
      let schema: Schema = {};
      let optional = false;
      let each = false;
      for (const rule of propertyRules) {
        // IsOptional, and IfPresent (ValidateIf): the property may be left out.
        if (rule.type === 'conditionalValidation') optional = true;
        each ||= rule.each;
        schema = { ...schema, ...ruleSchema(rule) };
      }
      const options = { ...(each ? { type: 'array', items: schema } : schema), required: !optional };
      ApiProperty(options)(target.prototype as object, property);
    }
  }
}

let documented = false;
