// The worker's calls to the coordinator: JSON with the bearer token; refusals (401, 409) become WorkerRefused.
export class WorkerRefused extends Error {}

export interface CoordinatorClient {
  url: string;
  post<T>(route: string, body: unknown): Promise<T>;
  get(route: string): Promise<Response>;
  put(route: string, body: Buffer): Promise<void>;
}

async function check(res: Response, what: string): Promise<Response> {
  if (res.ok) return res;
  let message = `${res.status} ${res.statusText}`;
  try {
    const body = (await res.json()) as { error?: string };
    if (body?.error) message = body.error;
  } catch {
    /* not JSON */
  }
  if (res.status === 401 || res.status === 409) throw new WorkerRefused(`The coordinator refused this worker: ${message}`);
  throw new Error(`${what}: ${message}`);
}

export function coordinatorClient(base: string, token: string): CoordinatorClient {
  const url = base.replace(/\/+$/, '');
  const headers = { authorization: `Bearer ${token}` };
  const call = async (route: string, init: RequestInit): Promise<Response> => {
    try {
      return await fetch(url + route, { ...init, headers: { ...headers, ...(init.headers as Record<string, string>) } });
    } catch (err) {
      throw new Error(`The coordinator at ${url} is unreachable: ${(err as Error & { cause?: Error }).cause?.message ?? (err as Error).message}`);
    }
  };
  return {
    url,
    async post<T>(route: string, body: unknown): Promise<T> {
      const res = await check(await call(route, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }), `POST ${route}`);
      return (await res.json()) as T;
    },
    async get(route: string): Promise<Response> {
      return check(await call(route, { method: 'GET' }), `GET ${route}`);
    },
    async put(route: string, body: Buffer): Promise<void> {
      await check(await call(route, { method: 'PUT', body: new Uint8Array(body), headers: { 'content-type': 'application/octet-stream' } }), `PUT ${route}`);
    },
  };
}

/** Retries fn until it succeeds (the coordinator restarting, a network blip); a refusal is not retried. */
export async function untilDone<T>(fn: () => Promise<T>, what: string, signal?: { closed: boolean }): Promise<T> {
  let wait = 250;
  let warned = false;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof WorkerRefused || signal?.closed) throw err;
      if (!warned) console.error(`[worker] ${what}: ${(err as Error).message}; retrying`);
      warned = true;
      await new Promise((r) => setTimeout(r, wait));
      wait = Math.min(wait * 2, 3000);
    }
  }
}
