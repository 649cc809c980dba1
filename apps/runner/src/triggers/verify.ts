import type { Headers } from './adapted.ts';
import { sameText, signatureMatches } from './signature.ts';
import type { HookTarget } from './sources.ts';
import type { WebhookKey } from './webhook-secrets.ts';

/**
 * Which of the keys a delivery is signed with. `verified` is empty when none: `reason` then
 * says what was wrong (no signature header, or one that matches no secret).
 */
export interface Verification {
  verified: WebhookKey[];
  reason: string;
}

export function verifyDelivery(
  target: HookTarget,
  headers: Headers,
  body: Buffer,
  keys: readonly WebhookKey[],
): Verification {
  if (target.source === 'gitlab') {
    const token = headers['x-gitlab-token'];
    if (token === undefined) {
      return {
        verified: [],
        reason: "no X-Gitlab-Token header: set the hook's secret token to WEBHOOK_SECRET",
      };
    }
    return {
      verified: keys.filter((key) => sameText(token, key.value)),
      reason: 'the X-Gitlab-Token does not match WEBHOOK_SECRET',
    };
  }
  const [name, header] =
    target.source === 'github'
      ? ['X-Hub-Signature-256', headers['x-hub-signature-256']]
      : headers['x-arcflow-signature-256'] !== undefined
        ? ['X-Arcflow-Signature-256', headers['x-arcflow-signature-256']]
        : ['X-Hub-Signature-256', headers['x-hub-signature-256']];
  if (header === undefined) {
    return {
      verified: [],
      reason:
        target.source === 'github'
          ? "no X-Hub-Signature-256 header: set the hook's secret to WEBHOOK_SECRET"
          : 'no X-Arcflow-Signature-256 header: sign the body with WEBHOOK_SECRET (sha256=<hex HMAC-SHA256>)',
    };
  }
  return {
    verified: keys.filter((key) => signatureMatches(key.value, body, header)),
    reason: `the ${name} signature does not match WEBHOOK_SECRET`,
  };
}
