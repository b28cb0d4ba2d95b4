/**
 * The secret links. Secrets are never in a function's configuration on AWS: the stack stores each as
 * an SSM SecureString and the function gets its parameter name (`<env>_PARAMETER`) and read access;
 * the handler reads the value at cold start (packages/functions/src/shared/secrets.ts). A file that
 * imports only ./link-env: every function reads it at init, and a bundle loads a file with all it imports
 * (the other links, in ./resources, list these two among them).
 */
import { LINK_ENV } from "./link-env";

export const webhookSecret = { env: LINK_ENV.webhookSecret, actions: ["ssm:GetParameter"], secret: true } as const;
export const SECRET_LINKS = { webhookSecret } as const;

/** The environment variable naming the SSM parameter that holds a secret link's value on AWS. */
export const secretParameterEnv = (env: string) => `${env}_PARAMETER`;
