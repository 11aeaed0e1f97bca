/** A JSON Schema node as zod and the OpenAPI document write it (the parts the reference shows). */
export type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  prefixItems?: JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  format?: string;
  description?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
};

/** zod writes "any integer" with JavaScript's safe-integer bounds: not worth saying. */
const SAFE_INTEGER = 9007199254740991;

/** The alternatives of a union, or null if it is not one. */
export function unionBranches(schema: JsonSchema): JsonSchema[] | null {
  return schema.anyOf ?? schema.oneOf ?? null;
}

/** The branches that are not `null`: "X or null" shows X's fields. */
export function withoutNull(schema: JsonSchema): JsonSchema {
  const branches = unionBranches(schema);
  if (branches) {
    const rest = branches.filter((branch) => branch.type !== "null");
    if (rest.length === 1) return rest[0];
  }
  return schema;
}

/** A short type: `string`, `integer`, `"a" | "b"`, `array of string`, `object or null`. */
export function describeType(schema: JsonSchema): string {
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum) return schema.enum.map((value) => JSON.stringify(value)).join(" | ");
  const branches = unionBranches(schema);
  if (branches) return [...new Set(branches.map(describeType))].join(" or ");
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (types.length === 0) return "any JSON";
  return types
    .map((type) => {
      if (type === "array") {
        if (schema.prefixItems) return `[${schema.prefixItems.map(describeType).join(", ")}]`;
        return schema.items ? `array of ${describeType(schema.items)}` : "array";
      }
      if (type === "string" && schema.format) return `string (${schema.format})`;
      return type;
    })
    .join(" or ");
}

/** Limits and defaults in words: "1–500 characters", "at most 20", "default 14". */
export function describeConstraints(schema: JsonSchema): string[] {
  const notes: string[] = [];
  const range = (min: number | undefined, max: number | undefined, unit: string) => {
    const hasMax = max !== undefined && max < SAFE_INTEGER;
    const hasMin = min !== undefined && min > -SAFE_INTEGER && (min !== 0 || hasMax);
    if (hasMin && hasMax) notes.push(min === max ? `exactly ${min}${unit}` : `${min}–${max}${unit}`);
    else if (hasMax) notes.push(`at most ${max}${unit}`);
    else if (hasMin) notes.push(`at least ${min}${unit}`);
  };
  range(schema.minLength, schema.maxLength, " characters");
  range(schema.minItems, schema.maxItems, " items");
  if (schema.minimum === 0 && (schema.maximum === undefined || schema.maximum >= SAFE_INTEGER)) notes.push("0 or more");
  else range(schema.minimum, schema.maximum, "");
  if (schema.default !== undefined) notes.push(`default ${JSON.stringify(schema.default)}`);
  return notes;
}

/** Whether a node has fields worth listing under it (an object, or an array or union of objects). */
export function nestedObjects(schema: JsonSchema): JsonSchema[] {
  const inner = withoutNull(schema);
  if (inner.properties) return [inner];
  if (inner.items) return nestedObjects(inner.items);
  if (inner.prefixItems) return inner.prefixItems.filter((item) => item.properties);
  const branches = unionBranches(inner);
  return branches ? branches.filter((branch) => branch.properties) : [];
}
