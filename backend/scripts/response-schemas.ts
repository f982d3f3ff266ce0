/**
 * Generates `src/openapi/response-schemas.generated.ts`: the JSON schema of what each
 * controller method answers, read by the TypeScript checker from its declared return type
 * (the wire types of `@argus/shared` are interfaces, which leave nothing at run time for the
 * OpenAPI generator to see). Keyed by operationId (`Controller_method`, the document's
 * default). `test/openapi.e2e-spec.ts` fails when the committed file is stale.
 *
 *   npx tsx scripts/response-schemas.ts          (from backend/: rewrites the file)
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as prettier from 'prettier';
import ts from 'typescript';

type Schema = Record<string, unknown>;

const BACKEND = resolve(__dirname, '..');
export const GENERATED_FILE = join(BACKEND, 'src', 'openapi', 'response-schemas.generated.ts');
const HTTP_DECORATORS = new Set(['Get', 'Post', 'Put', 'Patch', 'Delete']);

class SchemaWriter {
  readonly components: Record<string, Schema> = {};

  constructor(private readonly checker: ts.TypeChecker) {}

  /** A named wire type becomes a component referenced by name; anything else is inlined. */
  schemaOf(type: ts.Type): Schema {
    const checker = this.checker;
    if (type.aliasSymbol?.name === 'IsoTime') return { type: 'string', format: 'date-time' };
    if (type.isUnion()) return this.union(type.types);
    if (type.flags & ts.TypeFlags.StringLiteral) {
      return { type: 'string', enum: [(type as ts.StringLiteralType).value] };
    }
    if (type.flags & ts.TypeFlags.NumberLiteral) {
      return { type: 'number', enum: [(type as ts.NumberLiteralType).value] };
    }
    if (type.flags & (ts.TypeFlags.String | ts.TypeFlags.TemplateLiteral)) return { type: 'string' };
    if (type.flags & ts.TypeFlags.Number) return { type: 'number' };
    if (type.flags & (ts.TypeFlags.Boolean | ts.TypeFlags.BooleanLiteral)) return { type: 'boolean' };
    if (checker.isArrayType(type) || checker.isTupleType(type)) {
      const [element] = checker.getTypeArguments(type as ts.TypeReference);
      return { type: 'array', items: element === undefined ? {} : this.schemaOf(element) };
    }
    if (type.flags & ts.TypeFlags.Object || type.isIntersection()) {
      const name = this.componentName(type);
      if (name === undefined) return this.object(type);
      if (!(name in this.components)) {
        this.components[name] = {}; // recursion guard
        this.components[name] = this.object(type);
      }
      return { $ref: `#/components/schemas/${name}` };
    }
    return {};
  }

  private union(members: ts.Type[]): Schema {
    const nullable = members.some((m) => m.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined));
    const rest = members.filter((m) => !(m.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined)));
    let schema: Schema;
    if (rest.length > 0 && rest.every((m) => m.flags & ts.TypeFlags.StringLiteral)) {
      schema = { type: 'string', enum: rest.map((m) => (m as ts.StringLiteralType).value) };
    } else if (rest.length > 0 && rest.every((m) => m.flags & ts.TypeFlags.BooleanLiteral)) {
      schema = { type: 'boolean' };
    } else if (rest.length === 1) {
      schema = this.schemaOf(rest[0]);
    } else {
      schema = { oneOf: rest.map((m) => this.schemaOf(m)) };
    }
    if (!nullable) return schema;
    // OpenAPI 3.0: a $ref cannot carry siblings, so a nullable reference is wrapped.
    return '$ref' in schema ? { allOf: [schema], nullable: true } : { ...schema, nullable: true };
  }

  private object(type: ts.Type): Schema {
    const checker = this.checker;
    const properties: Record<string, Schema> = {};
    const required: string[] = [];
    for (const property of checker.getPropertiesOfType(type)) {
      const declaration = property.valueDeclaration ?? property.declarations?.[0];
      if (declaration === undefined) continue;
      const propertyType = checker.getTypeOfSymbolAtLocation(property, declaration);
      // `type IsoTime = string` leaves no alias on the type: read it from the declaration.
      const written = ts.isPropertySignature(declaration) ? declaration.type?.getText() : undefined;
      properties[property.name] =
        written === 'IsoTime' ? { type: 'string', format: 'date-time' } : this.schemaOf(propertyType);
      const description = ts.displayPartsToString(property.getDocumentationComment(checker));
      if (description !== '' && !('$ref' in properties[property.name])) {
        properties[property.name] = { ...properties[property.name], description };
      }
      if (!(property.flags & ts.SymbolFlags.Optional)) required.push(property.name);
    }
    const schema: Schema = { type: 'object', properties };
    if (required.length > 0) schema.required = required;
    const index = checker.getIndexInfosOfType(type)[0];
    if (index !== undefined) schema.additionalProperties = this.schemaOf(index.type);
    return schema;
  }

  /** The exported name of an interface or type alias from @argus/shared, else undefined. */
  private componentName(type: ts.Type): string | undefined {
    const symbol = type.aliasSymbol ?? type.getSymbol();
    if (symbol === undefined || symbol.name.startsWith('__')) return undefined;
    const file = symbol.declarations?.[0]?.getSourceFile().fileName ?? '';
    return /shared\/(dist|src)\/index\.(d\.)?ts$/.test(file) ? symbol.name : undefined;
  }
}

function decoratorName(decorator: ts.Decorator): string | undefined {
  const call = decorator.expression;
  return ts.isCallExpression(call) && ts.isIdentifier(call.expression) ? call.expression.text : undefined;
}

/** The generated module's text: `operationId → response schema` and the schemas they use. */
export async function generateResponseSchemas(): Promise<string> {
  const configFile = ts.findConfigFile(BACKEND, ts.sys.fileExists, 'tsconfig.build.json');
  if (configFile === undefined) throw new Error('tsconfig.build.json not found');
  const { config } = ts.readConfigFile(configFile, ts.sys.readFile) as { config: unknown };
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, BACKEND);
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
  const checker = program.getTypeChecker();
  const writer = new SchemaWriter(checker);
  const operations: Record<string, Schema> = {};
  for (const file of program.getSourceFiles()) {
    if (!file.fileName.endsWith('.controller.ts') || file.fileName.includes('node_modules')) continue;
    ts.forEachChild(file, (node) => {
      if (!ts.isClassDeclaration(node) || node.name === undefined) return;
      for (const member of node.members) {
        if (!ts.isMethodDeclaration(member) || !ts.isIdentifier(member.name)) continue;
        const decorators = ts.getDecorators(member) ?? [];
        if (!decorators.some((d) => HTTP_DECORATORS.has(decoratorName(d) ?? ''))) continue;
        const signature = checker.getSignatureFromDeclaration(member);
        if (signature === undefined) continue;
        let answer = checker.getReturnTypeOfSignature(signature);
        answer = checker.getAwaitedType(answer) ?? answer;
        if (answer.flags & (ts.TypeFlags.Void | ts.TypeFlags.Undefined | ts.TypeFlags.Any | ts.TypeFlags.Unknown)) {
          continue;
        }
        operations[`${node.name.text}_${member.name.text}`] = writer.schemaOf(answer);
      }
    });
  }
  const sorted = <T>(record: Record<string, T>): Record<string, T> =>
    Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
  const text =
    "// Generated by scripts/response-schemas.ts from the controllers' return types: do not edit.\n" +
    '// Regenerate: cd backend && npx tsx scripts/response-schemas.ts\n' +
    `export const RESPONSE_SCHEMAS = ${JSON.stringify(sorted(operations))} as const;\n\n` +
    `export const RESPONSE_COMPONENTS = ${JSON.stringify(sorted(writer.components))} as const;\n`;
  const options = (await prettier.resolveConfig(GENERATED_FILE)) ?? {};
  return prettier.format(text, { ...options, filepath: GENERATED_FILE });
}

if (typeof require !== 'undefined' && require.main === module) {
  generateResponseSchemas().then(
    (text) => {
      writeFileSync(GENERATED_FILE, text);
      console.log(`wrote ${GENERATED_FILE}`);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
