import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import ts from 'typescript';

/**
 * The `bybit-api` SDK's response types (its `lib/types/` declarations), read with the TypeScript checker,
 * and a check of a JSON value against one of them: every declared field present (unless optional) with a
 * value of the declared type, literal unions included, nested objects and arrays followed.
 */
const require = createRequire(import.meta.url);
const typesIndex = join(dirname(require.resolve('bybit-api/package.json')), 'lib/types/index.d.ts');

export class SdkTypes {
  private readonly checker: ts.TypeChecker;
  private readonly exports = new Map<string, ts.Symbol>();

  constructor() {
    const program = ts.createProgram([typesIndex], { strict: true, noEmit: true, skipLibCheck: true });
    this.checker = program.getTypeChecker();
    const module = this.checker.getSymbolAtLocation(program.getSourceFile(typesIndex)!);
    for (const symbol of this.checker.getExportsOfModule(module!)) this.exports.set(symbol.name, symbol);
  }

  /**
   * The problems of `value` against the SDK type `name`, one line each, as `path: what` (paths start
   * with the type name: `AccountOrderV5.triggerDirection`).
   */
  check(name: string, value: unknown): { path: string; problem: string }[] {
    const symbol = this.exports.get(name);
    if (!symbol) throw new Error(`the SDK exports no type ${name}`);
    const resolved = symbol.flags & ts.SymbolFlags.Alias ? this.checker.getAliasedSymbol(symbol) : symbol;
    const problems: { path: string; problem: string }[] = [];
    this.visit(this.checker.getDeclaredTypeOfSymbol(resolved), value, name, problems);
    return problems;
  }

  private visit(type: ts.Type, value: unknown, path: string, out: { path: string; problem: string }[]): void {
    const mismatch = this.mismatch(type, value, path, out);
    if (mismatch) out.push({ path, problem: mismatch });
  }

  /** A one-line reason when `value` is not of `type` (nested problems go to `out` directly). */
  private mismatch(
    type: ts.Type,
    value: unknown,
    path: string,
    out: { path: string; problem: string }[],
  ): string | null {
    const c = this.checker;
    const shown = () => `declared ${c.typeToString(type)}, got ${JSON.stringify(value)}`;
    if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return null;
    if (type.isUnion()) {
      // A union of object types is checked against its first member that the value's shape fits.
      for (const member of type.types) {
        const nested: { path: string; problem: string }[] = [];
        if (!this.mismatch(member, value, path, nested) && nested.length === 0) return null;
      }
      return shown();
    }
    if (type.isStringLiteral() || type.isNumberLiteral()) return value === type.value ? null : shown();
    if (type.flags & ts.TypeFlags.BooleanLiteral)
      return String(value) === c.typeToString(type) ? null : shown();
    if (type.flags & ts.TypeFlags.String) return typeof value === 'string' ? null : shown();
    if (type.flags & ts.TypeFlags.Number) return typeof value === 'number' ? null : shown();
    if (type.flags & ts.TypeFlags.Null) return value === null ? null : shown();
    if (type.flags & ts.TypeFlags.Undefined) return value === undefined ? null : shown();
    if (c.isArrayType(type)) {
      if (!Array.isArray(value)) return shown();
      const element = c.getTypeArguments(type as ts.TypeReference)[0]!;
      value.forEach((item, i) => this.visit(element, item, `${path}[${i}]`, out));
      return null;
    }
    if (type.flags & ts.TypeFlags.Object) {
      if (!value || typeof value !== 'object' || Array.isArray(value)) return shown();
      const record = value as Record<string, unknown>;
      for (const prop of c.getPropertiesOfType(type)) {
        const optional = (prop.flags & ts.SymbolFlags.Optional) !== 0;
        if (!(prop.name in record)) {
          if (!optional) out.push({ path: `${path}.${prop.name}`, problem: 'missing' });
          continue;
        }
        const propType = c.getNonNullableType(c.getTypeOfSymbol(prop));
        this.visit(
          optional ? propType : c.getTypeOfSymbol(prop),
          record[prop.name],
          `${path}.${prop.name}`,
          out,
        );
      }
      const index = c.getIndexInfoOfType(type, ts.IndexKind.String);
      if (index)
        for (const [key, item] of Object.entries(record)) this.visit(index.type, item, `${path}.${key}`, out);
      return null;
    }
    return `cannot check ${c.typeToString(type)}`;
  }
}
