import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer as createHttpServer, type Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  AdminAddUserToGroupCommand,
  AdminConfirmSignUpCommand,
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  SignUpCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import type { UserPool } from "@shop/auth-layer";
import { USER_POOL } from "@shop/topology";
import { closeServer } from "./close-server";
import { assertPortFree, freePort } from "./ports";

/** A message the user pool would email (a sign-up or password-reset code): printed, and kept here. */
export interface CodeMessage {
  email: string;
  code: string;
  /** what Cognito's message was for, from its subject */
  subject: string;
  at: string;
}

export interface LocalCognito {
  /** cognito-local's address: the Cognito API, and `/<pool id>/.well-known/jwks.json` */
  endpoint: string;
  pool: UserPool;
  /** the codes the pool "emailed", newest last */
  codes: CodeMessage[];
  /** where the pool keeps its users (cognito-local's JSON files) */
  dataDir: string;
  /** the latest code emailed to `email` */
  latestCode(email: string): string | undefined;
  /** a client of the pool's admin API (local credentials) */
  client: CognitoIdentityProviderClient;
  /** Serves the latest code per address (`GET <url>?email=`) to other processes (the tests); resolves with the URL. */
  serveCodes(): Promise<string>;
  /**
   * An account as a confirmed user would have it: signed up, confirmed by an admin (the pool runs its
   * PostConfirmation trigger, if one is wired), and put in the staff role's group.
   */
  createAccount(
    email: string,
    password: string,
    name: string,
    role?: "CUSTOMER" | "ADMIN" | "MANAGER",
  ): Promise<string>;
  stop(): Promise<void>;
}

export interface CognitoOptions {
  port?: number;
  host?: string;
  /** where the pool keeps its users (absent: a temporary directory removed at stop) */
  dataDir?: string;
  /** the pool's Lambda triggers: Cognito's trigger name → the function that runs it */
  triggers?: Partial<Record<"PostConfirmation", string>>;
  /** runs a trigger's function synchronously (Cognito's RequestResponse invoke); resolves with its result */
  invoke?: (functionName: string, event: unknown) => Promise<unknown>;
  /** told of each code the pool emails (`npm start` prints it) */
  onCode?: (message: CodeMessage) => void;
  /**
   * What the tokens' `iss` starts with (absent: this server's address). The cold starts of the deployed
   * bundles give Cognito's own, `https://cognito-idp.<region>.amazonaws.com`, as their pool names it.
   */
  issuerDomain?: string;
}

// cognito-local is CommonJS with no exports map: its server is assembled here from its own parts, so
// that its data lives in DATA_DIR (its CLI uses ./.cognito), its triggers run in the local Lambda
// (its CLI calls a Lambda endpoint), and the codes it "emails" are kept for the panel and the tests
const require = createRequire(import.meta.url);
// cognito-local is built on the AWS SDK v2, which prints an end-of-support notice when loaded
process.env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE = "1";
const cognitoLocalRoot = require.resolve("cognito-local");
const fromCognitoLocal = createRequire(cognitoLocalRoot);
type Constructor = new (...args: unknown[]) => unknown;
/** One class of cognito-local's, by its file and export name. */
function part(path: string, name: string): Constructor {
  const value = (fromCognitoLocal(`./${path}`) as Record<string, Constructor | undefined>)[name];
  if (!value) throw new Error(`cognito-local's layout changed (${path} ${name}): see packages/local/src/cognito.ts`);
  return value;
}

/**
 * Starts cognito-local (a Cognito user pool API with JWKS, in this process) and makes the stage's
 * pool in it on first start: USER_POOL's policy and flows, the app client (no secret), one group per
 * staff role. The pool's ids are kept beside its data, so a restart on the same DATA_DIR finds them.
 */
export async function startCognitoLocal(options: CognitoOptions = {}): Promise<LocalCognito> {
  const host = options.host ?? "127.0.0.1";
  const port = options.port || (await freePort(host));
  if (options.port) await assertPortFree(port, host, "COGNITO_PORT");
  const temporary = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "cognito-local-"));
  mkdirSync(dataDir, { recursive: true });
  const endpoint = `http://${host}:${port}`;
  const codes: CodeMessage[] = [];

  const pino = fromCognitoLocal("pino") as (options: object) => unknown;
  const logger = pino({ level: process.env.COGNITO_LOCAL_LOG_LEVEL ?? "silent" });
  const ctx = { logger };
  const StormDBDataStoreFactory = part("services/dataStore/stormDb.js", "StormDBDataStoreFactory");
  const CognitoServiceFactoryImpl = part("services/cognitoService.js", "CognitoServiceFactoryImpl");
  const UserPoolServiceFactoryImpl = part("services/userPoolService.js", "UserPoolServiceFactoryImpl");
  const MessageDeliveryService = part("services/messageDelivery/messageDelivery.js", "MessageDeliveryService");
  const CryptoService = part("services/crypto.js", "CryptoService");
  const JwtTokenGenerator = part("services/tokenGenerator.js", "JwtTokenGenerator");
  const DateClock = part("services/index.js", "DateClock");
  const TriggersService = part("services/index.js", "TriggersService");
  const LambdaService = part("services/index.js", "LambdaService");
  const MessagesService = part("services/index.js", "MessagesService");
  const { otp } = fromCognitoLocal("./services/otp.js") as { otp: unknown };
  const { Router } = fromCognitoLocal("./server/Router.js") as { Router: (services: unknown) => unknown };
  const { createServer } = fromCognitoLocal("./server/server.js") as {
    createServer: (...args: unknown[]) => { start(): Promise<Server> };
  };
  const clock = new DateClock();
  const stores = new StormDBDataStoreFactory(dataDir);
  const cognitoFactory = new CognitoServiceFactoryImpl(dataDir, stores, new UserPoolServiceFactoryImpl(clock, stores));
  const cognito = await (cognitoFactory as { create(ctx: unknown, defaults: unknown): Promise<unknown> }).create(ctx, {
    UsernameAttributes: ["email"],
  });
  // a trigger's Lambda, in the shape of the v2 SDK client cognito-local calls
  const lambdaClient = {
    invoke: (params: { FunctionName: string; Payload: string }) => ({
      promise: async () => {
        try {
          const result = await (options.invoke ?? missingInvoke)(params.FunctionName, JSON.parse(params.Payload));
          return { StatusCode: 200, Payload: JSON.stringify(result ?? null) };
        } catch (error) {
          const failure = error as Error;
          return {
            StatusCode: 200,
            FunctionError: "Unhandled",
            Payload: JSON.stringify({ errorType: failure.name, errorMessage: failure.message }),
          };
        }
      },
    }),
  };
  const triggers = new TriggersService(
    clock,
    cognito,
    new LambdaService({ ...options.triggers }, lambdaClient),
    new CryptoService({}),
  );
  const keep = (email: string, code: string, subject: string) => {
    const message = { email, code, subject, at: new Date().toISOString() };
    codes.push(message);
    if (codes.length > 500) codes.shift();
    options.onCode?.(message);
  };
  const sender = {
    sendEmail: async (_ctx: unknown, _user: unknown, destination: string, message: Record<string, string>) =>
      keep(destination, message.__code ?? "", message.emailSubject ?? "code"),
    sendSms: async (_ctx: unknown, _user: unknown, destination: string, message: Record<string, string>) =>
      keep(destination, message.__code ?? "", "SMS"),
  };
  const config = {
    TokenConfig: { IssuerDomain: options.issuerDomain ?? endpoint },
    TriggerFunctions: { ...options.triggers },
  };
  const server = createServer(
    Router({
      clock,
      cognito,
      config,
      messages: new MessagesService(triggers, new MessageDeliveryService(sender)),
      otp,
      tokenGenerator: new JwtTokenGenerator(clock, triggers, config.TokenConfig),
      triggers,
    }),
    logger,
    { port, hostname: host, https: false, development: false },
    undefined,
  );
  const http = await server.start();

  const client = cognitoClient(endpoint);
  const ids = await poolIds(client, join(dataDir, "pool.json"));
  let outbox: Server | undefined;
  const latestCode = (email: string) => codes.findLast((message) => message.email === email.toLowerCase())?.code;
  const pool: UserPool = { id: ids.id, clientId: ids.clientId, issuer: `${config.TokenConfig.IssuerDomain}/${ids.id}` };

  return {
    endpoint,
    pool,
    dataDir,
    codes,
    latestCode,
    client,
    async serveCodes() {
      outbox ??= createHttpServer((req, res) => {
        const code = latestCode(new URL(req.url ?? "/", "http://outbox").searchParams.get("email") ?? "");
        res.writeHead(code ? 200 : 404, { "content-type": "application/json" });
        res.end(JSON.stringify(code ? { code } : { error: "no code was sent to this address" }));
      });
      const server = outbox;
      if (!server.listening) await new Promise<void>((ready) => server.listen(0, host, ready));
      return `http://${host}:${(server.address() as AddressInfo).port}/codes`;
    },
    createAccount: (email, password, name, role) => createAccount(client, pool, { email, password, name, role }),
    async stop() {
      client.destroy();
      outbox?.close();
      await closeServer(http)();
      if (temporary) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A confirmed account: signed up, confirmed by an admin (AdminConfirmSignUp: the pool runs its
 * PostConfirmation trigger, if one is wired), in the staff role's group. Resolves with its `sub`.
 */
export async function createAccount(
  client: CognitoIdentityProviderClient,
  pool: UserPool,
  account: { email: string; password: string; name: string; role?: "CUSTOMER" | "ADMIN" | "MANAGER" | undefined },
): Promise<string> {
  const { email, password, name, role = "CUSTOMER" } = account;
  const { UserSub } = await client.send(
    new SignUpCommand({
      ClientId: pool.clientId,
      Username: email,
      Password: password,
      UserAttributes: [
        { Name: "email", Value: email },
        { Name: "name", Value: name },
      ],
    }),
  );
  await client.send(new AdminConfirmSignUpCommand({ UserPoolId: pool.id, Username: email }));
  if (role !== "CUSTOMER") {
    await client.send(new AdminAddUserToGroupCommand({ UserPoolId: pool.id, Username: email, GroupName: role }));
  }
  return UserSub ?? "";
}

/** A client of cognito-local's API (any credentials do). */
export function cognitoClient(endpoint: string): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({
    endpoint,
    region: "local",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
}

async function missingInvoke(name: string): Promise<never> {
  throw new Error(`no Lambda runs triggers here (${name})`);
}

/** The pool and client made on first start, or the ones a previous start made. */
async function poolIds(client: CognitoIdentityProviderClient, file: string): Promise<{ id: string; clientId: string }> {
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as { id: string; clientId: string };
  const { passwordPolicy: policy } = USER_POOL;
  const { UserPool: created } = await client.send(
    new CreateUserPoolCommand({
      PoolName: "shop-local",
      UsernameAttributes: ["email"],
      AutoVerifiedAttributes: ["email"],
      Policies: {
        PasswordPolicy: {
          MinimumLength: policy.minimumLength,
          RequireLowercase: policy.requireLowercase,
          RequireUppercase: policy.requireUppercase,
          RequireNumbers: policy.requireNumbers,
          RequireSymbols: policy.requireSymbols,
        },
      },
    }),
  );
  const id = created?.Id ?? "";
  const { UserPoolClient } = await client.send(
    new CreateUserPoolClientCommand({
      UserPoolId: id,
      ClientName: "shop-local-web",
      GenerateSecret: false,
      ExplicitAuthFlows: [...USER_POOL.authFlows],
      AccessTokenValidity: USER_POOL.accessTokenMinutes,
      IdTokenValidity: USER_POOL.idTokenMinutes,
      RefreshTokenValidity: USER_POOL.refreshTokenDays,
      TokenValidityUnits: { AccessToken: "minutes", IdToken: "minutes", RefreshToken: "days" },
    }),
  );
  for (const group of USER_POOL.groups) {
    await client.send(new CreateGroupCommand({ UserPoolId: id, GroupName: group, Description: `${group} staff` }));
  }
  const ids = { id, clientId: UserPoolClient?.ClientId ?? "" };
  writeFileSync(file, JSON.stringify(ids));
  return ids;
}
