/**
 * The AWS provider's Cognito resources, created for real in a cognito-local (REAL_COGNITO) while the
 * program runs under Pulumi's mocks: the pool with the inputs SST passed (its sign-in attribute and
 * password policy), the app client with its flows and token lifetimes, the groups. The ids the mocks
 * answer are the ones Cognito gave, so the deployed bundles' USER_POOL names a pool that exists and
 * their cold starts sign in against it. Without REAL_COGNITO, ids are made up in Cognito's form.
 */
type Inputs = Record<string, unknown>;

async function call(endpoint: string, operation: string, input: object): Promise<Record<string, unknown>> {
  const response = await fetch(endpoint, {
    method: "POST",
    headers: {
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": `AWSCognitoIdentityProviderService.${operation}`,
    },
    body: JSON.stringify(input),
  });
  const body = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`Cognito ${operation}: ${JSON.stringify(body)}`);
  return body;
}

const policyOf = (inputs: Inputs) => {
  const policy = (inputs.passwordPolicy ?? {}) as Record<string, unknown>;
  return {
    MinimumLength: policy.minimumLength,
    RequireLowercase: policy.requireLowercase,
    RequireUppercase: policy.requireUppercase,
    RequireNumbers: policy.requireNumbers,
    RequireSymbols: policy.requireSymbols,
  };
};

/** The id Cognito gives the resource, or undefined when the type is not Cognito's. */
export async function cognitoResourceId(
  type: string,
  name: string,
  inputs: Inputs,
  region: string,
): Promise<string | undefined> {
  const endpoint = process.env.REAL_COGNITO;
  const made = `${region}_${name.replace(/[^A-Za-z0-9]/g, "").slice(0, 9)}`;
  switch (type) {
    case "aws:cognito/userPool:UserPool": {
      if (!endpoint) return made;
      const { UserPool } = await call(endpoint, "CreateUserPool", {
        PoolName: inputs.name ?? name,
        UsernameAttributes: inputs.usernameAttributes,
        AutoVerifiedAttributes: inputs.autoVerifiedAttributes,
        Policies: { PasswordPolicy: policyOf(inputs) },
      });
      return String((UserPool as { Id: string }).Id);
    }
    case "aws:cognito/userPoolClient:UserPoolClient": {
      if (!endpoint) return `${name.toLowerCase()}client`;
      const units = (inputs.tokenValidityUnits ?? {}) as Record<string, string>;
      const { UserPoolClient } = await call(endpoint, "CreateUserPoolClient", {
        UserPoolId: inputs.userPoolId,
        ClientName: inputs.name ?? name,
        GenerateSecret: inputs.generateSecret,
        ExplicitAuthFlows: inputs.explicitAuthFlows,
        AccessTokenValidity: inputs.accessTokenValidity,
        IdTokenValidity: inputs.idTokenValidity,
        RefreshTokenValidity: inputs.refreshTokenValidity,
        TokenValidityUnits: {
          AccessToken: units.accessToken,
          IdToken: units.idToken,
          RefreshToken: units.refreshToken,
        },
      });
      return String((UserPoolClient as { ClientId: string }).ClientId);
    }
    case "aws:cognito/userGroup:UserGroup": {
      if (endpoint) await call(endpoint, "CreateGroup", { UserPoolId: inputs.userPoolId, GroupName: inputs.name });
      return String(inputs.name);
    }
    default:
      return undefined;
  }
}
