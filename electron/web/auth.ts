// Web mode's gatekeeping: the random token, loopback hosts, Host and Origin checks.
import { randomBytes, timingSafeEqual } from 'node:crypto';

export const LOOPBACK_HOSTS = ['127.0.0.1', '::1'];
/**
 * The page's cookie for its own static files. Cookies ignore ports, so any other server on this host receives it:
 * it holds a separate random key that opens static files only, never the API token.
 */
export const ASSET_COOKIE = 'mtlw_asset';

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function tokensEqual(expected: string, given: unknown): boolean {
  if (typeof given !== 'string' || given.length === 0) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Only loopback: another machine must never reach the workbench. */
export function assertLoopback(host: string): void {
  if (!LOOPBACK_HOSTS.includes(host)) {
    throw new Error(`Refusing to listen on ${JSON.stringify(host)}: web mode binds to loopback only (${LOOPBACK_HOSTS.join(' or ')}). Reach it from another machine through an SSH tunnel.`);
  }
}

/** Host names a browser on this machine may use for the server (guards against DNS rebinding). */
export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
}

/** Browser origins allowed to call the API and open the event socket: the page this server serves. */
export function allowedOrigins(port: number): Set<string> {
  return new Set([...allowedHosts(port)].map((h) => `http://${h}`));
}

export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
  }
  return undefined;
}
