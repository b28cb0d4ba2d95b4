import { type UserPool, userPool } from "@shop/auth-layer";
import type { Platform, SessionTokens, StaffGroup } from "@shop/core/platform";
import { lazyClient } from "./lazy-client";

/** The identity ports: Amazon Cognito's user pool behind `userPool` (sign-up, sign-in, groups). */
export type IdentityPort =
  | "signUp"
  | "confirmSignUp"
  | "signIn"
  | "refreshSession"
  | "signOut"
  | "forgotPassword"
  | "confirmForgotPassword"
  | "staffRolesOf"
  | "setStaffRole";

/** cognito-local's address (the local runtime and the tests); unset on AWS, where the SDK finds Cognito. */
export const COGNITO_ENDPOINT_ENV = "COGNITO_ENDPOINT";

const clients = new Map<string, ReturnType<typeof cognitoAt>>();
/** The client of the pool's API at COGNITO_ENDPOINT as it is now (a test may move it), made on first use. */
const cognito = () => {
  const endpoint = process.env[COGNITO_ENDPOINT_ENV] ?? "";
  const client = clients.get(endpoint) ?? cognitoAt(endpoint);
  clients.set(endpoint, client);
  return client();
};
const cognitoAt = (endpoint: string) =>
  lazyClient(
    () => import("@aws-sdk/client-cognito-identity-provider"),
    (sdk) =>
      new sdk.CognitoIdentityProviderClient(
        endpoint ? { endpoint, region: "local", credentials: { accessKeyId: "local", secretAccessKey: "local" } } : {},
      ),
  );

const STAFF_GROUPS: readonly StaffGroup[] = ["ADMIN", "MANAGER"];

function tokensOf(result: {
  AccessToken?: string | undefined;
  IdToken?: string | undefined;
  RefreshToken?: string | undefined;
  ExpiresIn?: number | undefined;
}): SessionTokens {
  if (!result.AccessToken || !result.IdToken) throw new Error("The user pool answered without tokens (a challenge?)");
  return {
    accessToken: result.AccessToken,
    idToken: result.IdToken,
    refreshToken: result.RefreshToken,
    expiresIn: result.ExpiresIn ?? 3600,
  };
}

/**
 * The identity ports on Cognito's API. The app client's flows (SignUp, InitiateAuth, RevokeToken,
 * ForgotPassword…) need no IAM; the groups (Admin…) need the grants of `userPool` and `staffRoles`.
 * `pool` is the linked pool (USER_POOL) unless given (the local runtime names cognito-local's).
 *
 * @example
 * Platform.set({ ...awsPlatform(), ...identityPorts() });
 */
export function identityPorts(pool: () => UserPool = userPool): Pick<Platform, IdentityPort> {
  return {
    async signUp(email, password, name) {
      const { sdk, client } = await cognito();
      const { clientId } = pool();
      const result = await client.send(
        new sdk.SignUpCommand({
          ClientId: clientId,
          Username: email,
          Password: password,
          UserAttributes: [
            { Name: "email", Value: email },
            { Name: "name", Value: name },
          ],
        }),
      );
      return { userId: result.UserSub ?? "" };
    },
    async confirmSignUp(email, code) {
      const { sdk, client } = await cognito();
      await client.send(
        new sdk.ConfirmSignUpCommand({ ClientId: pool().clientId, Username: email, ConfirmationCode: code }),
      );
    },
    async signIn(email, password) {
      const { sdk, client } = await cognito();
      const result = await client.send(
        new sdk.InitiateAuthCommand({
          ClientId: pool().clientId,
          AuthFlow: "USER_PASSWORD_AUTH",
          AuthParameters: { USERNAME: email, PASSWORD: password },
        }),
      );
      return tokensOf(result.AuthenticationResult ?? {});
    },
    async refreshSession(refreshToken) {
      const { sdk, client } = await cognito();
      const result = await client.send(
        new sdk.InitiateAuthCommand({
          ClientId: pool().clientId,
          AuthFlow: "REFRESH_TOKEN_AUTH",
          AuthParameters: { REFRESH_TOKEN: refreshToken },
        }),
      );
      return tokensOf(result.AuthenticationResult ?? {});
    },
    async signOut(refreshToken) {
      const { sdk, client } = await cognito();
      await client.send(new sdk.RevokeTokenCommand({ ClientId: pool().clientId, Token: refreshToken }));
    },
    async forgotPassword(email) {
      const { sdk, client } = await cognito();
      await client.send(new sdk.ForgotPasswordCommand({ ClientId: pool().clientId, Username: email }));
    },
    async confirmForgotPassword(email, code, password) {
      const { sdk, client } = await cognito();
      await client.send(
        new sdk.ConfirmForgotPasswordCommand({
          ClientId: pool().clientId,
          Username: email,
          ConfirmationCode: code,
          Password: password,
        }),
      );
    },
    async staffRolesOf(userId) {
      const { sdk, client } = await cognito();
      const result = await client.send(
        new sdk.AdminListGroupsForUserCommand({ UserPoolId: pool().id, Username: userId }),
      );
      return (result.Groups ?? [])
        .map((group) => group.GroupName)
        .filter((name): name is StaffGroup => STAFF_GROUPS.includes(name as StaffGroup));
    },
    async setStaffRole(userId, role) {
      const { sdk, client } = await cognito();
      const UserPoolId = pool().id;
      for (const group of STAFF_GROUPS) {
        if (group === role) continue;
        await client.send(new sdk.AdminRemoveUserFromGroupCommand({ UserPoolId, Username: userId, GroupName: group }));
      }
      if (role)
        await client.send(new sdk.AdminAddUserToGroupCommand({ UserPoolId, Username: userId, GroupName: role }));
    },
  };
}
