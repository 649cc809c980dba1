import type { DeliveryVerdict } from '@arcflow/db';

/** What `POST /hooks/*` answers, as JSON. */
export interface HookAnswerBody {
  /** The delivery's row id (what redeliver takes); null when nothing was recorded. */
  delivery: string | null;
  verdict: DeliveryVerdict;
  reason: string | null;
  /** The runs started, oldest first. */
  runs: string[];
  /** Which workflow each started run is of. */
  started: { run: string; workflow: string }[];
}

export interface HookAnswer {
  status: number;
  body: HookAnswerBody;
}
