import { describe, expect, test } from "vitest";
import { z } from "zod";
import { describeConstraints, describeType, nestedObjects, type JsonSchema } from "./json-schema";

const schemaOf = (schema: z.ZodType) => z.toJSONSchema(schema, { io: "input" }) as JsonSchema;

describe("reading JSON Schema for the API reference", () => {
  test.each([
    [z.string(), "string"],
    [z.number().int(), "integer"],
    [z.string().nullable(), "string or null"],
    [z.enum(["member", "instructor"]), '"member" | "instructor"'],
    [z.literal("TextQuoteSelector"), '"TextQuoteSelector"'],
    [z.array(z.string()), "array of string"],
    [z.iso.datetime(), "string (date-time)"],
    [z.union([z.enum(["private"]), z.object({ group: z.string() })]), '"private" or object'],
    [z.unknown(), "any JSON"],
  ])("%# describes the type", (schema, expected) => {
    expect(describeType(schemaOf(schema))).toBe(expected);
  });

  test("says limits and defaults in words, and leaves out zod's safe-integer bounds", () => {
    expect(describeConstraints(schemaOf(z.string().min(1).max(500)))).toEqual(["1–500 characters"]);
    expect(describeConstraints(schemaOf(z.array(z.string()).max(20)))).toEqual(["at most 20 items"]);
    expect(describeConstraints(schemaOf(z.number().int().min(0).max(20).default(0)))).toEqual(["0–20", "default 0"]);
    expect(describeConstraints(schemaOf(z.number().int().nonnegative()))).toEqual(["0 or more"]);
    expect(describeConstraints(schemaOf(z.number().int()))).toEqual([]);
  });

  test("finds the objects to list below a field: nullable, arrays and unions of objects", () => {
    const author = z.object({ id: z.string() });
    expect(nestedObjects(schemaOf(author.nullable()))).toHaveLength(1);
    expect(nestedObjects(schemaOf(z.array(author)))).toHaveLength(1);
    expect(nestedObjects(schemaOf(z.union([author, z.object({ all: z.literal(true) })])))).toHaveLength(2);
    expect(nestedObjects(schemaOf(z.string()))).toEqual([]);
  });
});
