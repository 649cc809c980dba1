import { notifySpec, StepFailure } from '@arcflow/engine';
import { defineAction } from '../define.ts';
import { abortReason } from '../shell.ts';

/** How long the webhook may take to answer. */
export const NOTIFY_TIMEOUT_MS = 10_000;
/** How much of an error response to quote. */
const BODY_CHARS = 200;

export const notifyAction = defineAction(notifySpec, async (ctx) => {
  const { url, message, payload, headers } = ctx.input;
  const where = redact(url);
  const timeout = AbortSignal.timeout(NOTIFY_TIMEOUT_MS);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ text: message, ...payload }),
      signal: AbortSignal.any([ctx.signal, timeout]),
    });
  } catch (error) {
    throw requestFailure(error, where, ctx.signal, timeout);
  }
  const body = await response.text().catch(() => '');
  if (!response.ok) {
    const status = `${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
    const excerpt = body.trim().slice(0, BODY_CHARS);
    const retriable = response.status >= 500 || response.status === 408 || response.status === 429;
    throw new StepFailure({
      reason: 'error',
      message: `POST ${where} answered ${status}`,
      summary: `the notification was refused: ${where} answered ${status}${excerpt ? `: ${excerpt}` : ''}`,
      retriable,
      details: { status: response.status, body: excerpt },
    });
  }
  ctx.log('system', `POST ${where} -> ${response.status}`);
  return { outputs: { status: response.status }, summary: `notified ${where}` };
});

function requestFailure(
  error: unknown,
  where: string,
  signal: AbortSignal,
  timeout: AbortSignal,
): StepFailure {
  const stopped = abortReason(signal);
  if (stopped) {
    const message =
      stopped === 'timeout' ? 'the step ran out of time and was stopped' : 'the step was canceled';
    return new StepFailure({ reason: stopped, message }, { cause: error });
  }
  const why = timeout.aborted
    ? `no answer within ${NOTIFY_TIMEOUT_MS / 1000} s`
    : networkReason(error);
  return new StepFailure(
    {
      reason: 'error',
      message: `POST ${where} failed: ${why}`,
      summary: `could not notify ${where}: ${why}`,
      retriable: true,
    },
    { cause: error },
  );
}

/** `ECONNREFUSED`, `ENOTFOUND`… from fetch's cause, else its message. */
function networkReason(error: unknown): string {
  const cause =
    error instanceof Error
      ? (error.cause as { code?: unknown; message?: unknown } | undefined)
      : undefined;
  if (typeof cause?.code === 'string')
    return `${cause.code}${typeof cause.message === 'string' ? ` (${cause.message})` : ''}`;
  return error instanceof Error ? error.message : String(error);
}

/** Webhook URLs carry their secret in the path: show only where they point. */
export function redact(url: string): string {
  const parsed = new URL(url);
  const hasMore = parsed.pathname !== '/' || parsed.search !== '';
  return `${parsed.protocol}//${parsed.host}${hasMore ? '/…' : ''}`;
}
