import { entriesWithTrigger, type FunctionName, USER_POOL } from "@shop/topology";

type MakeFunction = (name: FunctionName) => sst.aws.Function;

/**
 * The stage's user pool (Amazon Cognito), from USER_POOL: sign-in by email with its password policy,
 * codes by email, the app client the panel and the API use (no secret, refresh tokens, revocation),
 * one group per staff role, and the PostConfirmation trigger (create-profile). Made on first use by
 * the functions that link `userPool`: the trigger's function, which links no pool, exists first.
 */
export function identity() {
  let made: ReturnType<typeof userPool> | undefined;
  return (fn: MakeFunction) => {
    made ??= userPool(fn);
    return made;
  };
}
export type Identity = ReturnType<ReturnType<typeof identity>>;

function userPool(fn: MakeFunction) {
  const triggers = Object.fromEntries(
    entriesWithTrigger("cognito").map(([name, spec]) => [
      spec.trigger.event === "PostConfirmation" ? "postConfirmation" : spec.trigger.event,
      fn(name).arn,
    ]),
  );
  const policy = USER_POOL.passwordPolicy;
  const pool = new sst.aws.CognitoUserPool("Users", {
    usernames: ["email"],
    triggers,
    transform: {
      userPool: (args) => {
        args.autoVerifiedAttributes = ["email"];
        args.passwordPolicy = {
          minimumLength: policy.minimumLength,
          requireLowercase: policy.requireLowercase,
          requireUppercase: policy.requireUppercase,
          requireNumbers: policy.requireNumbers,
          requireSymbols: policy.requireSymbols,
          temporaryPasswordValidityDays: 7,
        };
        args.accountRecoverySetting = { recoveryMechanisms: [{ name: "verified_email", priority: 1 }] };
      },
    },
  });
  const client = pool.addClient("Web", {
    transform: {
      client: (args) => {
        args.generateSecret = false;
        args.explicitAuthFlows = [...USER_POOL.authFlows];
        args.accessTokenValidity = USER_POOL.accessTokenMinutes;
        args.idTokenValidity = USER_POOL.idTokenMinutes;
        args.refreshTokenValidity = USER_POOL.refreshTokenDays;
        args.tokenValidityUnits = { accessToken: "minutes", idToken: "minutes", refreshToken: "days" };
        args.enableTokenRevocation = true;
        args.preventUserExistenceErrors = "ENABLED";
      },
    },
  });
  for (const group of USER_POOL.groups) {
    new aws.cognito.UserGroup(`${group[0]}${group.slice(1).toLowerCase()}Group`, {
      userPoolId: pool.id,
      name: group,
      description: `${group} staff of the shop`,
    });
  }
  const region = aws.getRegionOutput().region;
  const issuer = $interpolate`https://cognito-idp.${region}.amazonaws.com/${pool.id}`;
  return {
    pool,
    client,
    issuer,
    /** the `userPool` link's value (auth-layer's UserPool) */
    value: $jsonStringify({ id: pool.id, clientId: client.id, issuer }),
  };
}
