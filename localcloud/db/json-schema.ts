/**
 * MongoDB's `$jsonSchema` (JSON Schema draft 4 keywords as MongoDB supports them, plus
 * `bsonType`), for queries and `$match`. MongoDB documents the keyword set on its "$jsonSchema"
 * page: no `$ref`, `$schema`, `default`, `definitions`, `format` or `id`; `type: "integer"` is
 * not supported (use `bsonType: "int"`). An unsupported keyword is an error, as there.
 */
type Schema = Record<string, unknown>;

const isPlain = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);

function bsonTypesOf(v: unknown): string[] {
  if (v === null) return ['null'];
  if (v === undefined) return ['undefined'];
  if (Array.isArray(v)) return ['array'];
  if (v instanceof Date) return ['date'];
  if (v instanceof RegExp) return ['regex'];
  switch (typeof v) {
    case 'string':
      return ['string'];
    case 'boolean':
      return ['bool'];
    case 'number':
      if (Number.isInteger(v)) return Math.abs(v) <= 0x7fffffff ? ['int', 'number'] : ['long', 'number'];
      return ['double', 'number'];
  }
  const t = (v as { _bsontype?: string })._bsontype;
  if (t === 'ObjectID' || t === 'ObjectId') return ['objectId'];
  if (t === 'Decimal128') return ['decimal', 'number'];
  if (t === 'Long') return ['long', 'number'];
  if (t === 'Double') return ['double', 'number'];
  if (t === 'Int32') return ['int', 'number'];
  if (t === 'Binary') return ['binData'];
  if (t === 'Timestamp') return ['timestamp'];
  return isPlain(v) ? ['object'] : [];
}

function jsonTypeOf(v: unknown): string {
  const [t] = bsonTypesOf(v);
  if (t === 'bool') return 'boolean';
  if (t === 'int' || t === 'long' || t === 'double' || t === 'decimal') return 'number';
  return t ?? 'unknown';
}

const list = <T>(v: T | T[]): T[] => (Array.isArray(v) ? v : [v]);

const KNOWN = new Set([
  'bsonType', 'type', 'enum', 'required', 'properties', 'patternProperties', 'additionalProperties', 'minProperties',
  'maxProperties', 'items', 'additionalItems', 'minItems', 'maxItems', 'uniqueItems', 'minimum', 'maximum',
  'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'minLength', 'maxLength', 'pattern', 'allOf', 'anyOf',
  'oneOf', 'not', 'dependencies', 'title', 'description',
]);

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

function check(schema: Schema, v: unknown): boolean {
  for (const key of Object.keys(schema)) {
    if (!KNOWN.has(key)) throw new Error(`$jsonSchema: unsupported keyword: ${key}`);
  }
  const s = schema;
  if (s.bsonType !== undefined && !list(s.bsonType as string).some((t) => bsonTypesOf(v).includes(t))) return false;
  if (s.type !== undefined) {
    if (list(s.type as string).includes('integer')) throw new Error('$jsonSchema: the type "integer" is not supported; use bsonType: "int"');
    if (!list(s.type as string).includes(jsonTypeOf(v))) return false;
  }
  if (s.enum !== undefined && !(s.enum as unknown[]).some((e) => same(e, v))) return false;
  if (Array.isArray(s.allOf) && !s.allOf.every((sub) => check(sub as Schema, v))) return false;
  if (Array.isArray(s.anyOf) && !s.anyOf.some((sub) => check(sub as Schema, v))) return false;
  if (Array.isArray(s.oneOf) && s.oneOf.filter((sub) => check(sub as Schema, v)).length !== 1) return false;
  if (isPlain(s.not) && check(s.not, v)) return false;

  if (typeof v === 'number') {
    if (typeof s.minimum === 'number' && (s.exclusiveMinimum === true ? v <= s.minimum : v < s.minimum)) return false;
    if (typeof s.maximum === 'number' && (s.exclusiveMaximum === true ? v >= s.maximum : v > s.maximum)) return false;
    if (typeof s.multipleOf === 'number' && v % s.multipleOf !== 0) return false;
  }
  if (typeof v === 'string') {
    const n = Array.from(v).length;
    if (typeof s.minLength === 'number' && n < s.minLength) return false;
    if (typeof s.maxLength === 'number' && n > s.maxLength) return false;
    if (typeof s.pattern === 'string' && !new RegExp(s.pattern, 'u').test(v)) return false;
  }
  if (Array.isArray(v)) {
    if (typeof s.minItems === 'number' && v.length < s.minItems) return false;
    if (typeof s.maxItems === 'number' && v.length > s.maxItems) return false;
    if (s.uniqueItems === true && v.some((x, i) => v.findIndex((y) => same(x, y)) !== i)) return false;
    if (isPlain(s.items) && !v.every((x) => check(s.items as Schema, x))) return false;
    if (Array.isArray(s.items)) {
      const tuple = s.items as Schema[];
      if (!tuple.every((sub, i) => i >= v.length || check(sub, v[i]))) return false;
      const rest = v.slice(tuple.length);
      if (s.additionalItems === false && rest.length) return false;
      if (isPlain(s.additionalItems) && !rest.every((x) => check(s.additionalItems as Schema, x))) return false;
    }
  }
  if (isPlain(v)) {
    const keys = Object.keys(v);
    if (Array.isArray(s.required) && !s.required.every((k) => k in v)) return false;
    if (typeof s.minProperties === 'number' && keys.length < s.minProperties) return false;
    if (typeof s.maxProperties === 'number' && keys.length > s.maxProperties) return false;
    const props = isPlain(s.properties) ? s.properties : {};
    const patterns = isPlain(s.patternProperties) ? Object.entries(s.patternProperties).map(([p, sub]) => [new RegExp(p, 'u'), sub] as const) : [];
    for (const k of keys) {
      let covered = false;
      if (k in props) {
        covered = true;
        if (!check(props[k] as Schema, v[k])) return false;
      }
      for (const [re, sub] of patterns) {
        if (re.test(k)) {
          covered = true;
          if (!check(sub as Schema, v[k])) return false;
        }
      }
      if (!covered && s.additionalProperties === false) return false;
      if (!covered && isPlain(s.additionalProperties) && !check(s.additionalProperties, v[k])) return false;
    }
    if (isPlain(s.dependencies)) {
      for (const [k, dep] of Object.entries(s.dependencies)) {
        if (!(k in v)) continue;
        if (Array.isArray(dep) ? !dep.every((d) => d in v) : !check(dep as Schema, v)) return false;
      }
    }
  }
  return true;
}

/** mingo's `jsonSchemaValidator` option: compiles a schema to a predicate over documents. */
export function jsonSchemaValidator(schema: Record<string, unknown>): (doc: Record<string, unknown>) => boolean {
  if (!isPlain(schema)) throw new Error('$jsonSchema must be an object');
  check(schema, {}); // throws now for unsupported keywords at the top level
  return (doc) => check(schema, doc);
}
