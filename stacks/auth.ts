/**
 * Secrets, one value per stage: `npx sst secret set WebhookSecret "$(openssl rand -base64 48)" --stage <stage>`
 * (shared with the payment provider). Identity has no secret of the shop's: it is the user pool's.
 */
export function secrets() {
  const webhookSecret = new sst.Secret("WebhookSecret");
  return {
    webhookSecret: secureParameter("WebhookSecret", webhookSecret),
  };
}

/**
 * A secret as an SSM SecureString (encrypted with the account's aws/ssm key): functions receive its
 * name, never its value, and read it at cold start with ssm:GetParameter on this parameter only. The
 * threat model: the value is absent from every function's configuration (console, GetFunction,
 * CloudTrail, anyone with lambda:GetFunctionConfiguration); it is readable by roles granted the
 * parameter, and lives in the Pulumi state encrypted as a secret.
 */
function secureParameter(name: string, secret: sst.Secret) {
  const parameter = new aws.ssm.Parameter(`${name}Parameter`, {
    name: `/${$app.name}/${$app.stage}/${name}`,
    type: "SecureString",
    value: secret.value,
    description: `${name} of ${$app.name} (${$app.stage}); set with: npx sst secret set ${name} … --stage ${$app.stage}`,
  });
  return { name: parameter.name, arn: parameter.arn };
}
export type Secrets = ReturnType<typeof secrets>;

/**
 * The stage's email sender: `npx sst secret set EmailFrom shop@example.com --stage production` (an
 * SES-verified identity). Unset ("none"), the stage records notifications instead of sending them.
 */
export function emailSender() {
  const sender = new sst.Secret("EmailFrom", "none");
  const partition = aws.getPartitionOutput().partition;
  const region = aws.getRegionOutput().region;
  const account = aws.getCallerIdentityOutput().accountId;
  return { value: sender.value, identities: $interpolate`arn:${partition}:ses:${region}:${account}:identity/*` };
}
