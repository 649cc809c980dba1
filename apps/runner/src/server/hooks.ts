import type { IncomingMessage, ServerResponse } from 'node:http';
import { CLIENT_IP_HEADER, clientIp } from '../identity/client-ip.ts';
import type { Logger } from '../logger.ts';
import { flatHeaders } from '../triggers/headers.ts';
import { type HookRequest, type TriggerIntake, unauthorized } from '../triggers/intake.ts';
import type { HookTarget } from '../triggers/sources.ts';
import type { DropLog } from './drop-log.ts';
import type { RefusalLimit } from './refusal-limit.ts';
import { sendJson } from './send-json.ts';

export const HOOKS_PATH = '/hooks';

export interface HooksOptions {
  intake: TriggerIntake;
  /** The largest body read (`ARCFLOW_WEBHOOK_MAX_BYTES`). */
  maxBytes: number;
  logger: Logger;
  /** Reverse proxies whose `X-Forwarded-For` is believed (team mode). */
  trustedProxies: readonly string[];
  /** Unsigned deliveries (401) per address and minute (`ARCFLOW_WEBHOOK_REFUSALS_PER_MINUTE`). */
  refusals: RefusalLimit;
  drops: DropLog;
}

export const isHookPath = (path: string): boolean =>
  path === HOOKS_PATH || path.startsWith(`${HOOKS_PATH}/`);

/**
 * `POST /hooks/github`, `/hooks/gitlab`, `/hooks/git` (the local git hook) and
 * `/hooks/<workflow>` (a generic webhook). Senders are servers, not browsers: the signature
 * authenticates them, so these paths skip the access guard, the session and CSRF. The body
 * is read up to `maxBytes` and no further.
 */
export function createHooksHandler(options: HooksOptions) {
  options.intake.prepareLocalSecret();
  const budget: BodyBudget = { inFlight: 0, limit: IN_FLIGHT_BODIES * options.maxBytes };
  return (req: IncomingMessage, res: ServerResponse, path: string): void => {
    // A sender that stops sending is cut off, not waited for.
    req.setTimeout(BODY_TIMEOUT_MS, () => req.destroy(new BodyTimeoutError()));
    handle(options, req, res, path, budget).catch((error) => {
      if (error instanceof BodyTimeoutError || req.destroyed) {
        options.logger.debug({ path }, 'webhook body aborted');
        return;
      }
      options.logger.error({ err: error, path }, 'webhook delivery failed');
      if (!res.headersSent)
        sendJson(res, 500, { error: "internal error; the runner's log has the details" });
    });
  };
}

/** How long a hook request may go without sending a byte. */
const BODY_TIMEOUT_MS = 15_000;
/** Bodies being read at once, at most, counted in `maxBytes`: beyond, 503. */
const IN_FLIGHT_BODIES = 16;

interface BodyBudget {
  /** Bytes reserved by bodies being read (each reserves what it declares, else `maxBytes`). */
  inFlight: number;
  limit: number;
}

class BodyTimeoutError extends Error {
  constructor() {
    super('the webhook body stopped arriving');
  }
}

async function handle(
  options: HooksOptions,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  budget: BodyBudget,
): Promise<void> {
  if (req.method !== 'POST') {
    res.setHeader('allow', 'POST');
    answerUnread(req, res, 405, {
      error: `${req.method} is not accepted here; webhooks are POSTed`,
    });
    return;
  }
  const ip = clientIp(req, options.trustedProxies);
  const { refusals } = options;
  if (refusals.blocked(ip)) {
    // Nothing of it is read, verified or stored: that is what a flood of forgeries costs.
    options.drops.warn('webhook refused', ip, 'too many refused deliveries');
    res.setHeader('retry-after', String(refusals.retryAfterSeconds(ip)));
    answerUnread(req, res, 429, {
      error: `too many unsigned deliveries from ${ip} in the last minute (ARCFLOW_WEBHOOK_REFUSALS_PER_MINUTE); check the sender's webhook secret`,
    });
    return;
  }
  const target = targetOf(path, options.intake);
  if (!target) {
    // Answered as a bad signature, and not recorded: workflow names cannot be probed.
    refusals.refused(ip);
    const refused = unauthorized();
    answerUnread(req, res, refused.status, refused.body);
    return;
  }
  const { [CLIENT_IP_HEADER]: _stamped, ...headers } = flatHeaders(req.headers);
  const request = { target, headers, ...(ip ? { ip } : {}) };
  const declared = Number(req.headers['content-length']);
  const reserved =
    Number.isFinite(declared) && declared >= 0
      ? Math.min(declared, options.maxBytes)
      : options.maxBytes;
  if (budget.inFlight + reserved > budget.limit) {
    res.setHeader('retry-after', '5');
    answerUnread(req, res, 503, { error: 'too many webhook bodies arriving at once; retry later' });
    return;
  }
  budget.inFlight += reserved;
  let body: Buffer | 'too-large';
  try {
    body = await readLimited(req, options.maxBytes);
  } finally {
    budget.inFlight -= reserved;
  }
  if (body === 'too-large') {
    const answer = await options.intake.refuse(
      request,
      413,
      `the body is larger than ${options.maxBytes} bytes (ARCFLOW_WEBHOOK_MAX_BYTES)`,
    );
    // The rest of the body is not read: close the connection once answered.
    res.setHeader('connection', 'close');
    res.once('finish', () => req.destroy());
    sendJson(res, answer.status, answer.body);
    return;
  }
  const answer = await options.intake.receive({ ...request, body } satisfies HookRequest);
  if (answer.status === 401) refusals.refused(ip);
  sendJson(res, answer.status, answer.body);
}

/** The source a path names; undefined for a workflow the workspace does not have. */
function targetOf(path: string, intake: TriggerIntake): HookTarget | undefined {
  const rest = path.slice(HOOKS_PATH.length + 1);
  if (rest === 'github' || rest === 'gitlab') return { source: rest };
  if (rest === 'git') return { source: 'git-hook' };
  let name: string;
  try {
    name = decodeURIComponent(rest);
  } catch {
    return undefined;
  }
  // Checked against the names the workspace has: nothing else of the path is ever used.
  return name !== '' && intake.hasWorkflow(name)
    ? { source: 'generic', workflow: name }
    : undefined;
}

/** The whole body, or `too-large` as soon as it passes `maxBytes` (the rest left unread). */
function readLimited(req: IncomingMessage, maxBytes: number): Promise<Buffer | 'too-large'> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    req.pause();
    return Promise.resolve('too-large');
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        req.off('data', onData);
        req.pause();
        resolve('too-large');
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
    req.once('close', () => {
      if (!req.complete) reject(new BodyTimeoutError());
    });
  });
}

/** Answers without reading the body; the connection closes, so the body is never read. */
function answerUnread(req: IncomingMessage, res: ServerResponse, status: number, body: unknown) {
  res.setHeader('connection', 'close');
  res.once('finish', () => req.destroy());
  sendJson(res, status, body);
}
