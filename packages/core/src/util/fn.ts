import { type FieldIssue, ValidationError } from "@shop/common-utils";
import { en } from "zod/locales";
import * as z from "zod/mini";

// zod/mini carries no messages of its own: the same English ones as zod's classic build (set here
// and in ../events, the two modules every schema of the domain is read through)
z.config(en());

/** zod issues → the field details of a 400 (`path` dotted, "" for the whole input). */
export function fieldIssues(error: z.core.$ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join("."),
    message: issue.message,
    code: issue.code,
  }));
}

export function validationError(error: z.core.$ZodError, message = "Input is invalid"): ValidationError {
  return new ValidationError(message, fieldIssues(error));
}

/** Parses with the schema or throws a ValidationError carrying every field issue. */
export function parse<S extends z.core.$ZodType>(schema: S, input: unknown): z.output<S> {
  const result = z.safeParse(schema, input);
  if (!result.success) throw validationError(result.error);
  return result.data;
}

/**
 * An async domain function whose input is validated at the boundary: `fn(schema, impl)` returns
 * `impl` guarded by `schema` (a bad input rejects with a ValidationError), with the schema attached
 * for reuse (HTTP validation, OpenAPI).
 */
export /* @__NO_SIDE_EFFECTS__ */ function fn<S extends z.core.$ZodType, R>(
  schema: S,
  impl: (input: z.output<S>) => Promise<R>,
) {
  const guarded = async (input: z.input<S>): Promise<R> => impl(parse(schema, input));
  guarded.schema = schema;
  return guarded;
}
