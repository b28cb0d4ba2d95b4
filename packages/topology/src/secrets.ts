/**
 * The secret links. Secrets are never in a function's configuration on AWS: the stack stores each as
 * an SSM SecureString and the function gets its parameter name (`<env>_PARAMETER`) and read access;
 * the handler reads the value at cold start (packages/functions/src/shared/secrets.ts). A file that
 * imports nothing: every function reads it at init, and a bundle loads a file with all it imports
 * (the other links, in ./resources, list these two among them).
 */
export const jwtSecret = { env: "JWT_SECRET", actions: ["ssm:GetParameter"], secret: true } as const;
export const webhookSecret = { env: "WEBHOOK_SECRET", actions: ["ssm:GetParameter"], secret: true } as const;
export const SECRET_LINKS = { jwtSecret, webhookSecret } as const;

/** The environment variable naming the SSM parameter that holds a secret link's value on AWS. */
export const secretParameterEnv = (env: string) => `${env}_PARAMETER`;
