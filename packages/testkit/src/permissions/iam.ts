/**
 * IAM's evaluation of an identity policy, as far as these roles use it (AWS IAM User Guide, "Policy
 * evaluation logic"): a request is allowed when some Allow statement matches its action and
 * resource and no Deny statement does. Action and Resource match with IAM's wildcards (`*` any run
 * of characters, `?` one), actions case-insensitively. Conditions are not evaluated: a statement with
 * one is reported, not guessed at.
 */
export interface Statement {
  Effect: "Allow" | "Deny";
  Action: string[];
  Resource?: string[];
  NotResource?: string[];
  Condition?: unknown;
}

export interface Request {
  action: string;
  /** `*` for an action with no resource to name (IAM's request context then carries `*`) */
  resource: string;
}

/** IAM's wildcard match of `pattern` against a whole `value`. */
export function wildcardMatch(pattern: string, value: string, caseInsensitive = false): boolean {
  const escaped = pattern
    .split("")
    .map((char) => (char === "*" ? ".*" : char === "?" ? "." : char.replace(/[.+^${}()|[\]\\/]/g, "\\$&")))
    .join("");
  return new RegExp(`^${escaped}$`, caseInsensitive ? "i" : "").test(value);
}

const asList = (value: string | string[] | undefined) => (value === undefined ? [] : [value].flat());

function matches(statement: Statement, request: Request): boolean {
  if (!asList(statement.Action).some((action) => wildcardMatch(action, request.action, true))) return false;
  if (statement.NotResource) return !asList(statement.NotResource).some((r) => wildcardMatch(r, request.resource));
  return asList(statement.Resource).some((r) => wildcardMatch(r, request.resource));
}

/** Allowed: some Allow matches and no Deny does. */
export function allows(statements: Statement[], request: Request): boolean {
  if (statements.some((s) => s.Effect === "Deny" && matches(s, request))) return false;
  return statements.some((s) => s.Effect === "Allow" && matches(s, request));
}

/** Every (action, resource pattern) an Allow statement grants. */
export function grants(statements: Statement[]): { action: string; resource: string }[] {
  return statements
    .filter((s) => s.Effect === "Allow")
    .flatMap((s) => asList(s.Action).flatMap((action) => asList(s.Resource).map((resource) => ({ action, resource }))));
}
