import { type ApiClient, createClient } from "./client";

/** The API's base URL: VITE_API_URL (AWS, dev server) or the origin that served the panel (npm start). */
export const baseUrl = (import.meta.env.VITE_API_URL ?? "").replace(/\/$/, "") || window.location.origin;

export interface Session {
  /** the user pool's access token */
  token: string;
  /** when the access token expires (epoch ms) */
  expiresAt: number;
  /** renews the access token (POST /users/refresh) until the pool's refresh lifetime or a sign-out */
  refreshToken?: string;
  name: string;
  email: string;
  role: "ADMIN" | "MANAGER";
}

const KEY = "shop-admin-session";
/** renew this long before the access token expires, so a request never leaves with one about to */
const RENEW_BEFORE_MS = 60_000;

export function currentSession(): Session | undefined {
  const raw = sessionStorage.getItem(KEY);
  return raw ? (JSON.parse(raw) as Session) : undefined;
}

export function saveSession(session: Session | undefined) {
  if (session) sessionStorage.setItem(KEY, JSON.stringify(session));
  else sessionStorage.removeItem(KEY);
}

/** A session from the tokens POST /users/login or /users/refresh answered. */
export function sessionOf(
  tokens: { token: string; expiresIn: number; refreshToken?: string },
  user: Pick<Session, "name" | "email" | "role">,
  now = Date.now(),
): Session {
  return {
    token: tokens.token,
    expiresAt: now + tokens.expiresIn * 1000,
    ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}),
    // the user's own fields only: a whole Session passed here must not bring its old token back
    name: user.name,
    email: user.email,
    role: user.role,
  };
}

let renewing: Promise<Session | undefined> | undefined;

/**
 * A new access token for the session's refresh token; undefined (and the session ended) when the pool
 * refuses it: expired, or signed out elsewhere. One renewal at a time, however many requests wait.
 */
function renew(session: Session): Promise<Session | undefined> {
  renewing ??= (async () => {
    if (!session.refreshToken) return undefined;
    const response = await createClient({ baseUrl }).users.refresh.$post({
      json: { refreshToken: session.refreshToken },
    });
    if (!response.ok) return undefined;
    const tokens = await response.json();
    if (!("token" in tokens)) return undefined;
    // Cognito answers a refresh without a new refresh token: the one we hold stays good
    const renewed = sessionOf({ ...tokens, refreshToken: tokens.refreshToken ?? session.refreshToken }, session);
    saveSession(renewed);
    return renewed;
  })().finally(() => {
    renewing = undefined;
  });
  return renewing;
}

/**
 * fetch with the session's access token, renewed first when it is about to expire, and once more if
 * the API still answers 401 (the clock of this browser and the pool's may disagree).
 */
async function sessionFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  let session = currentSession();
  if (session && session.expiresAt - Date.now() < RENEW_BEFORE_MS) session = (await renew(session)) ?? session;
  const send = (token: string | undefined) => {
    const headers = new Headers(init?.headers);
    if (token) headers.set("authorization", `Bearer ${token}`);
    return fetch(input, { ...init, headers });
  };
  const response = await send(session?.token);
  if (response.status !== 401 || !session?.refreshToken) return response;
  const renewed = await renew(session);
  return renewed ? send(renewed.token) : response;
}

export function api(): ApiClient {
  return createClient({ baseUrl, fetch: sessionFetch });
}

/** Signs out with the user pool (the refresh token stops working), then forgets the session here. */
export async function signOut(): Promise<void> {
  const session = currentSession();
  saveSession(undefined);
  if (session?.refreshToken) {
    // a network failure still signs out of this browser; the refresh token then ends with its lifetime
    await createClient({ baseUrl })
      .users.logout.$post({ json: { refreshToken: session.refreshToken } })
      .catch(() => undefined);
  }
}

/** The API's error body, for messages and per-field details. */
export interface ApiError {
  error: { code: string; message: string; details?: { path: string; message: string }[] | Record<string, unknown> };
}

type Body<R> = R extends { json(): Promise<infer T> } ? T : never;
type Success<R> = Exclude<Body<R>, { error: unknown }>;

/** Throws the API's message for a non-2xx response; returns the (typed) success body otherwise. */
export async function ok<R extends { ok: boolean; status: number; json(): Promise<unknown> }>(
  response: R,
): Promise<Success<R>> {
  if (response.ok) return (await response.json()) as Success<R>;
  const body = (await response.json().catch(() => undefined)) as ApiError | undefined;
  if (response.status === 401) {
    // the session could not be renewed (sessionFetch tried): sign in again
    saveSession(undefined);
    window.location.hash = "#/login";
  }
  throw new Error(body?.error?.message ?? `Request failed (${response.status})`);
}
