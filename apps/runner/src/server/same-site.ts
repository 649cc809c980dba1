import { isIP } from 'node:net';

/** The host's parent domain (`api.example.com` → `example.com`), if it has one worth sharing. */
function parentDomain(host: string): string | undefined {
  if (isIP(host.replace(/^\[|\]$/g, '')) !== 0) return undefined;
  const labels = host.split('.');
  return labels.length > 2 ? labels.slice(1).join('.') : undefined;
}

function related(a: string, b: string): boolean {
  const parent = parentDomain(a);
  return parent !== undefined && (b === parent || b.endsWith(`.${parent}`));
}

/**
 * Whether a browser treats the two origins as the same site, so a SameSite=Lax cookie set by
 * one goes along with requests from the other: same scheme, and the same host or sibling
 * subdomains (a simple check; it does not know the public-suffix list). Ports do not count:
 * `http://localhost:3000` and `http://localhost:4100` are same-site, `localhost` and
 * `127.0.0.1` are not.
 */
export function isSameSite(a: string, b: string): boolean {
  const x = new URL(a);
  const y = new URL(b);
  if (x.protocol !== y.protocol) return false;
  return (
    x.hostname === y.hostname || related(x.hostname, y.hostname) || related(y.hostname, x.hostname)
  );
}
