import { SECRET_LINKS, secretParameterEnv } from "@shop/topology";

/** The environment variables the secret links give (computed when first needed, not at import). */
const secretEnvs = () => Object.values(SECRET_LINKS).map((link) => link.env);
/** How long a secret's value is trusted before SSM is asked again (so a rotated secret is picked up). */
const MAX_AGE_SECONDS = 300;

/**
 * On AWS a secret link carries its SSM SecureString's NAME (`<ENV>_PARAMETER`), never the value: the
 * value is read here (Powertools Parameters, cached for 5 minutes) into this process's environment,
 * where the domain reads it. Locally and in tests the value is in the environment already and nothing
 * is fetched. Runs on invocation, never at import.
 */
export async function loadSecrets(): Promise<void> {
  for (const env of secretEnvs()) {
    const parameter = process.env[secretParameterEnv(env)];
    if (!parameter) continue;
    // loaded on first use: functions without secrets never load the SSM client
    const { getParameter } = await import("@aws-lambda-powertools/parameters/ssm");
    const value = await getParameter(parameter, { decrypt: true, maxAge: MAX_AGE_SECONDS });
    if (!value) throw new Error(`the SSM parameter ${parameter} (${env}) has no value`);
    process.env[env] = value;
  }
}
