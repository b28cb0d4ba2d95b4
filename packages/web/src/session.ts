import { type ApiClient, createClient } from "./client";

/** The API's base URL: VITE_API_URL (AWS, dev server) or the origin that served the panel (npm start). */
export const baseUrl = (import.meta.env.VITE_API_URL ?? "").replace(/\/$/, "") || window.location.origin;

export interface Session {
  token: string;
  name: string;
  email: string;
  role: "ADMIN" | "MANAGER";
}

const KEY = "shop-admin-session";

export function currentSession(): Session | undefined {
  const raw = sessionStorage.getItem(KEY);
  return raw ? (JSON.parse(raw) as Session) : undefined;
}

export function saveSession(session: Session | undefined) {
  if (session) sessionStorage.setItem(KEY, JSON.stringify(session));
  else sessionStorage.removeItem(KEY);
}

export function api(): ApiClient {
  const session = currentSession();
  return createClient({ baseUrl, ...(session ? { token: session.token } : {}) });
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
    saveSession(undefined);
    window.location.hash = "#/login";
  }
  throw new Error(body?.error?.message ?? `Request failed (${response.status})`);
}
