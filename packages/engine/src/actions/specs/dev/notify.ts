import { z } from 'zod';
import type { ActionSpec } from '../../types.ts';

export const notifyInput = z
  .object({
    url: z
      .url({ protocol: /^https?$/ })
      .describe('The webhook to POST to (http or https), e.g. a Slack or Teams incoming webhook.'),
    message: z.string().min(1).describe('The text of the notification, sent as `text`.'),
    payload: z
      .record(z.string(), z.unknown())
      .default({})
      .describe('Extra JSON fields to send next to `text` (they may override it). Optional.'),
    headers: z
      .record(z.string(), z.string())
      .default({})
      .describe('Extra HTTP headers, e.g. an Authorization header. Optional.'),
  })
  .strict()
  .describe('Posts a JSON notification to a webhook.');

export type NotifyInput = z.output<typeof notifyInput>;

export const notifySpec: ActionSpec<typeof notifyInput> = {
  name: 'notify',
  description: 'Sends a message to a webhook as an HTTP POST of JSON `{ text, ...payload }`.',
  input: notifyInput,
  irreversible: 'posts a notification',
  outputs: { status: 'The HTTP status the webhook answered with.' },
};
