import {
  BusinessRuleError,
  TooManyRequestsError,
  UnauthorizedError,
  UnavailableError,
  ValidationError,
  type VisibleError,
} from "@shop/common-utils";

type Flow = "register" | "confirm" | "login" | "refresh" | "logout" | "reset";

const invalidCode = (expired: boolean) =>
  new ValidationError(
    expired ? "The code has expired; ask for a new one" : "The code is not right",
    [{ path: "code", message: expired ? "Expired" : "Does not match", code: expired ? "expired" : "mismatch" }],
    expired ? "user.code_expired" : "user.invalid_code",
  );

/**
 * A user pool's refusal (the SDK error's name: Cognito's exception) as the API's error. Anything not
 * listed is not the caller's doing and stays a 5xx. Where Cognito would tell whether an account
 * exists (UserNotFoundException), the answer is the one a wrong password or code gets.
 */
export function cognitoError(error: unknown, flow: Flow): VisibleError | unknown {
  const name = (error as Error | undefined)?.name;
  switch (name) {
    case "NotAuthorizedException":
    case "UserNotFoundException":
      if (flow === "login") return new UnauthorizedError("auth.invalid_credentials", "Email or password is incorrect");
      if (flow === "refresh") return new UnauthorizedError("auth.invalid_refresh_token", "Sign in again");
      return invalidCode(false);
    case "UserNotConfirmedException":
      return new BusinessRuleError("auth.not_confirmed", "Confirm the account with the emailed code first");
    case "CodeMismatchException":
      return invalidCode(false);
    case "ExpiredCodeException":
      return invalidCode(true);
    case "InvalidPasswordException":
      // cognito-local answers a wrong password at sign-in so (Cognito: NotAuthorizedException)
      if (flow === "login") return new UnauthorizedError("auth.invalid_credentials", "Email or password is incorrect");
      return new ValidationError(
        "The password does not meet the policy",
        [{ path: "password", message: (error as Error).message, code: "policy" }],
        "user.weak_password",
      );
    case "TooManyRequestsException":
    case "LimitExceededException":
    case "TooManyFailedAttemptsException":
      return new TooManyRequestsError("auth.too_many_attempts", "Too many attempts; try again later", 60);
    case "InternalErrorException":
      return new UnavailableError("auth.unavailable", "The user pool is unavailable; try again");
    default:
      return error;
  }
}
