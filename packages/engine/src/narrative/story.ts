import type { FailureInfo } from '../actions/types.ts';
import { describeApprovers } from '../approvals/approvers.ts';
import type { StepDefinition, WorkflowDefinition } from '../definition/types.ts';
import type { RunReason, Telling } from '../revisions/types.ts';

/**
 * Every sentence of a run's story, in one place. The scheduler picks the moment; these
 * functions pick the words. Short and concrete: what happened, to which step, and what next.
 */

type StepRef = Pick<StepDefinition, 'id' | 'action' | 'beat' | 'timeoutMs'>;

/** `450ms`, `1.2s`, `12s`, `3m 04s`, `10m`, `1h 05m`. */
export function formatDuration(ms: number): string {
  const safe = Math.max(0, Number.isFinite(ms) ? ms : 0);
  if (safe < 1000) return `${Math.round(safe)}ms`;
  const tenths = Math.round(safe / 100);
  if (tenths < 600) return tenths % 10 === 0 ? `${tenths / 10}s` : `${(tenths / 10).toFixed(1)}s`;
  const totalSeconds = Math.round(safe / 1000);
  if (totalSeconds < 3600) {
    const minutes = Math.floor(totalSeconds / 60);
    const seconds = totalSeconds % 60;
    return seconds === 0 ? `${minutes}m` : `${minutes}m ${pad2(seconds)}s`;
  }
  const totalMinutes = Math.round(totalSeconds / 60);
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  return minutes === 0 ? `${hours}h` : `${hours}h ${pad2(minutes)}m`;
}

/** `1 beat`, `3 beats`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** `a`, `a and b`, `a, b and c`. */
export function listWords(words: readonly string[]): string {
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

export function expositionText(def: Pick<WorkflowDefinition, 'name' | 'narrative' | 'steps'>) {
  const narrative = def.narrative?.trim();
  if (narrative) return narrative;
  return `${def.name} sets out: ${plural(def.steps.length, 'beat')} to play.`;
}

export function stepStartedText(step: StepRef, attempt: number): string {
  return attempt > 1 ? `"${step.id}" begins (attempt ${attempt}).` : `"${step.id}" begins.`;
}

/**
 * The step's own beat, or a generated one: `"lint" (shell) completed.`; with the action's
 * summary after a dash: `Tests verify the promise holds — 12 passed, 0 failed`.
 */
export function beatText(step: StepRef, summary?: string): string {
  const beat = step.beat?.trim();
  const text = beat ? beat : `"${step.id}" (${step.action}) completed.`;
  const told = summary === undefined ? '' : oneLine(summary);
  if (told === '') return text;
  return `${text.replace(/\.$/, '')} — ${told}`;
}

/** What broke, as a verb phrase: `failed with exit code 2`, `ran out of time after 10m`. */
export function failureCause(step: StepRef, failure: FailureInfo): string {
  switch (failure.reason) {
    case 'exit-code':
      if (failure.exitCode !== undefined) return `failed with exit code ${failure.exitCode}`;
      if (failure.signal) return `was killed by ${failure.signal}`;
      return 'failed';
    case 'timeout':
      return step.timeoutMs !== undefined
        ? `ran out of time after ${formatDuration(step.timeoutMs)}`
        : 'ran out of time';
    case 'error':
      return `broke: ${oneLine(failure.message)}`;
    case 'interrupted':
      return `was interrupted: ${oneLine(failure.message)}`;
    case 'canceled':
      return 'was canceled';
    default: {
      const _never: never = failure.reason;
      return _never;
    }
  }
}

/** The shorter form used when a retry follows: `failed (exit code 2)`. */
function briefCause(step: StepRef, failure: FailureInfo): string {
  switch (failure.reason) {
    case 'exit-code':
      if (failure.exitCode !== undefined) return `failed (exit code ${failure.exitCode})`;
      if (failure.signal) return `failed (killed by ${failure.signal})`;
      return 'failed';
    case 'timeout':
    case 'canceled':
      return failureCause(step, failure);
    case 'error':
      return `failed (${oneLine(failure.message)})`;
    case 'interrupted':
      return `was interrupted (${oneLine(failure.message)})`;
    default: {
      const _never: never = failure.reason;
      return _never;
    }
  }
}

// Colour codes (ESC [ … letter) belong in a terminal, not in a sentence of the story.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching the escape character is the point
const ANSI_ESCAPE = /\u001b\[[0-9;?]*[A-Za-z]/g;

const TELLING =
  /\b(error|fail(ed|ure|ing)?|not ok|expected|assert\w*|exception|panic\w*|fatal|denied|refused|cannot|can't)\b|✗|×/i;
/**
 * A runner's closing tallies, which mention "failed" without saying what broke: TAP's
 * `# fail 1`, vitest's and jest's `Tests  1 failed | 2 passed (3)`, `Test Files …`,
 * `Test Suites: …`, `Start at`, `Duration`, mocha's `1 failing`, pytest's `=== 1 failed, 2 passed in 0.18s ===`,
 * go's `FAIL\tpkg\t0.01s`, cargo's `test result: FAILED. 1 passed; 1 failed`.
 */
const TALLY =
  /^(#\s*\w+\s+\d+(\.\d+)?|(Test Files|Tests|Test Suites|Snapshots):?\s+\d.*|(Start at|Duration|Time:)\s.*|Ran all test suites.*|\d+ (passing|failing|pending)\b.*|=+ .*\b\d+ (failed|passed|errors?)\b.* =+|FAIL\s+\S+\s+[\d.]+s|test result: .*)$/;

/** A section banner: pytest's `==== FAILURES ====`, `____ test_x ____`, `---- stdout ----`. */
const BANNER = /^[=_-]{3,}[^=_-]*[=_-]{3,}$/;

/** A line that says what broke, rather than a count or a progress note. */
const isTelling = (line: string) => TELLING.test(line) && !TALLY.test(line);

/** The last (up to 3) non-empty output lines, trimmed, for a tension point. */
export function lastOutputLines(failure: FailureInfo, count = 3): string[] {
  const lines = (failure.lastLines ?? [])
    .map((line) => line.replace(ANSI_ESCAPE, '').trim())
    .filter((line) => line !== '');
  // Test runners end with tallies ("# fail 1", "Tests  1 failed | 2 passed"); the lines that
  // say what broke come earlier. Leave the tallies out unless there is nothing else.
  const untallied = lines.filter((line) => !TALLY.test(line) && !BANNER.test(line));
  const pool = untallied.length > 0 ? untallied : lines;
  const tail = pool.slice(-count);
  const telling = pool.filter(isTelling);
  const chosen = tail.some(isTelling) || telling.length === 0 ? tail : telling;
  return chosen.slice(-count).map((line) => (line.length > 200 ? `${line.slice(0, 199)}…` : line));
}

/**
 * The tension point: `build failed with exit code 2 — last output: "Error: cannot find module x"`.
 * When the action summed up what broke, that leads (`test failed: 2 tests failed: parser >
 * dates`), and the last output lines follow only while the sentence stays short.
 */
export function tensionText(step: StepRef, failure: FailureInfo): string {
  const summary = failure.summary === undefined ? '' : oneLine(failure.summary);
  if (summary === '') {
    const text = `${step.id} ${failureCause(step, failure)}`;
    const lines = lastOutputLines(failure);
    if (lines.length === 0) return text;
    return `${text} — last output: ${lines.map((line) => JSON.stringify(line)).join(' / ')}`;
  }
  const text = `${step.id} ${summaryCause(step, failure)}: ${summary}`;
  if (text.length > SHORT_SENTENCE) return text;
  // The summary already says what broke; output lines add to it only if they tell something.
  const lines = lastOutputLines(failure).map((line) =>
    line.length > SHORT_LINE ? `${line.slice(0, SHORT_LINE - 1)}…` : line,
  );
  if (!lines.some(isTelling)) return text;
  return `${text} — last output: ${lines.map((line) => JSON.stringify(line)).join(' / ')}`;
}

/** Past this length a tension point with a summary leaves the output lines out. */
const SHORT_SENTENCE = 160;
const SHORT_LINE = 80;

/** The verb before an action's summary: `failed`, `ran out of time after 10m`. */
function summaryCause(step: StepRef, failure: FailureInfo): string {
  return failure.reason === 'exit-code' || failure.reason === 'error'
    ? 'failed'
    : failureCause(step, failure);
}

/** `build failed (exit code 2); retrying in 2s, attempt 2 of 3`. */
export function retryingText(
  step: StepRef,
  failure: FailureInfo,
  delayMs: number,
  nextAttempt: number,
  lastAttempt: number,
): string {
  const when = delayMs > 0 ? `retrying in ${formatDuration(delayMs)}` : 'retrying now';
  const summary = failure.summary === undefined ? '' : oneLine(failure.summary);
  const cause =
    summary === '' ? briefCause(step, failure) : `${summaryCause(step, failure)} (${summary})`;
  return `${step.id} ${cause}; ${when}, attempt ${nextAttempt} of ${lastAttempt}`;
}

/** `deploy is skipped because build failed`. */
export function skippedText(step: StepRef, cause: { id: string; status: 'failed' | 'canceled' }) {
  const what = cause.status === 'failed' ? 'failed' : 'was canceled';
  return `${step.id} is skipped because ${cause.id} ${what}`;
}

/** `deploy is skipped: its condition "inputs.environment == 'production'" is false`. */
export function conditionSkippedText(step: StepRef, condition: string): string {
  return `${step.id} is skipped: its condition ${JSON.stringify(oneLine(condition))} is false`;
}

/** `build is skipped: nothing to build (no build script in package.json)`. */
export function nothingToDoText(step: StepRef, reason: string): string {
  const why = oneLine(reason);
  return why === '' ? `${step.id} is skipped: nothing to do` : `${step.id} is skipped: ${why}`;
}

/** `notify is skipped because deploy was skipped by its condition`. */
export function skippedAfterConditionText(step: StepRef, causeId: string): string {
  return `${step.id} is skipped because ${causeId} was skipped by its condition`;
}

/** A step that could not start because an expression of its own failed. */
export function expressionFailedText(
  step: StepRef,
  what: { condition?: string; expression: string; message: string },
): string {
  const subject =
    what.condition !== undefined
      ? `its condition ${JSON.stringify(oneLine(what.condition))} could not be evaluated`
      : `\${{ ${oneLine(what.expression)} }} could not be resolved`;
  return `${step.id} could not start: ${subject}: ${oneLine(what.message)}`;
}

/**
 * `review waits for 2 approvals from alice or someone with the approver role: "Ship v1.2?"`;
 * a workflow that waives the four-eyes rule says so.
 */
export function waitingText(
  step: StepRef,
  request: {
    prompt: string;
    requiredApprovals: number;
    approvers: readonly string[];
    fourEyes: boolean;
  },
): string {
  const count = Math.max(1, request.requiredApprovals);
  const what = count === 1 ? 'approval' : `${count} approvals`;
  const from = request.approvers.length > 0 ? ` from ${describeApprovers(request.approvers)}` : '';
  const question = oneLine(request.prompt);
  const text =
    question === ''
      ? `${step.id} waits for ${what}${from}`
      : `${step.id} waits for ${what}${from}: ${JSON.stringify(question)}`;
  return request.fourEyes ? text : `${text} (the four-eyes rule is waived by this workflow)`;
}

/**
 * `Alice Doe approved review — “ship it” (14:02 UTC)`, `Bo rejected review (09:15 UTC)`; a
 * decision nobody could check (local mode) says so.
 */
export function decisionText(
  step: StepRef,
  decision: {
    by: string;
    decision: 'approve' | 'reject';
    comment?: string;
    at: Date;
    unchecked?: boolean;
  },
): string {
  const verb = decision.decision === 'approve' ? 'approved' : 'rejected';
  const comment = decision.comment === undefined ? '' : oneLine(decision.comment);
  const said = comment === '' ? '' : ` — “${comment}”`;
  const note = decision.unchecked ? ' (local mode: approvers not checked)' : '';
  return `${oneLine(decision.by)} ${verb} ${step.id}${said} (${clockTime(decision.at)} UTC)${note}`;
}

/** `14:02`: the time of day in UTC, the same for every reader of a stored story. */
function clockTime(at: Date): string {
  return `${pad2(at.getUTCHours())}:${pad2(at.getUTCMinutes())}`;
}

export function stepCanceledText(step: StepRef, wasRunning: boolean): string {
  return wasRunning
    ? `${step.id} was stopped mid-beat.`
    : `${step.id} is canceled before it began.`;
}

/** A waiting step whose approval wait was stopped by a cancel. */
export function waitCanceledText(step: StepRef): string {
  return `${step.id} was canceled while it waited for a decision.`;
}

/** `supersededBy`: the inciting incident of the newer run that replaces this one. */
export function cancelRequestedText(runningCount: number, supersededBy?: string): string {
  const stopping =
    runningCount === 0
      ? 'no new beats will start'
      : `stopping ${plural(runningCount, 'running step')}, no new beats will start`;
  if (supersededBy === undefined) return `Cancel requested: ${stopping}.`;
  return `${supersededBy}, and a newer run of this group takes over: ${stopping}.`;
}

export function runCanceledText(told: number, total: number): string {
  return `The story stops here, canceled with ${told} of ${plural(total, 'beat')} told. Resume the run to pick it up again.`;
}

/** The open tension: which steps failed, what fell with them, and what to do. */
export function runFailedText(failedIds: readonly string[], skippedCount: number): string {
  const fallout =
    skippedCount === 0 ? 'nothing else was skipped' : `${plural(skippedCount, 'beat')} skipped`;
  return `The arc breaks at ${listWords(failedIds)} (${fallout}). Resume the run once the cause is fixed.`;
}

/** `The story picks up again: 2 beats to replay after the failure of build.` */
export function resumedText(replayCount: number, failedIds: readonly string[]): string {
  const after =
    failedIds.length > 0 ? `after the failure of ${listWords(failedIds)}` : 'after it was stopped';
  return `The story picks up again: ${plural(replayCount, 'beat')} to replay ${after}.`;
}

/**
 * A re-telling begins (`Telling`): a resume on a newer revision, a retry, or a rerun.
 * `replayCount` beats run again; the rest keep what they told.
 */
export function retoldText(telling: Telling, replayCount: number): string {
  const beats = plural(replayCount, 'beat');
  switch (telling.kind) {
    case 'resume-latest': {
      const parts = [
        telling.changed.length > 0 ? `${quoted(telling.changed)} rewritten` : '',
        telling.added.length > 0 ? `${quoted(telling.added)} added` : '',
        telling.removed.length > 0 ? `${quoted(telling.removed)} cut from the story` : '',
      ].filter((part) => part !== '');
      const what = parts.length > 0 ? `: ${parts.join('; ')}` : '';
      return `The story picks up again on revision ${telling.toRevision} (${plural(telling.changeCount, 'change')}${what}): ${beats} to tell.`;
    }
    case 'retry': {
      const after = replayCount - 1;
      const tail =
        telling.downstream && after > 0 ? `, and the ${plural(after, 'beat')} after it` : '';
      return `"${telling.step}" is told again${tail}.`;
    }
    case 'rerun': {
      const scope =
        telling.from !== undefined
          ? ` from "${telling.from}"`
          : telling.only !== undefined
            ? ` of only ${quoted(telling.only)}`
            : '';
      const latest = telling.latest ? ' on the current definition' : '';
      const kept = telling.kept > 0 ? `, ${plural(telling.kept, 'beat')} taken as told there` : '';
      return `A re-telling of run ${telling.fromRun}${scope}${latest}: ${beats} to tell${kept}.`;
    }
    default: {
      const _never: never = telling;
      return _never;
    }
  }
}

/**
 * Why a step runs in a re-telling, for the resolution preview: `rewritten (with, env)`,
 * `added`, `after "build"`, `asked for`, `failed in the run`.
 */
export function retellingReasonText(reason: RunReason): string {
  switch (reason.kind) {
    case 'requested':
      return 'asked for';
    case 'changed':
      return `rewritten (${reason.parts.join(', ')})`;
    case 'added':
      return 'added';
    case 'downstream':
      return `after "${reason.of}"`;
    case 'not-succeeded':
      return reason.status === 'pending' ? 'never ran' : `${reason.status} in the run`;
    default: {
      const _never: never = reason;
      return _never;
    }
  }
}

function quoted(ids: readonly string[]): string {
  return listWords(ids.map((id) => `"${id}"`));
}

/** A resumed run succeeded: `Resolution: release completes, the tension of build resolved.` */
export function resolutionText(
  def: Pick<WorkflowDefinition, 'name'>,
  resolvedIds: readonly string[],
) {
  if (resolvedIds.length === 0) return `Resolution: ${def.name} completes where it left off.`;
  return `Resolution: ${def.name} completes, the tension of ${listWords(resolvedIds)} resolved.`;
}

/** A run succeeded at its first telling. */
export function denouementText(
  def: Pick<WorkflowDefinition, 'name' | 'steps'>,
  durationMs: number | undefined,
  skippedCount = 0,
  nothingToDoCount = 0,
): string {
  const count = def.steps.length;
  const told = count - skippedCount;
  const byCondition = skippedCount - nothingToDoCount;
  const why = [
    byCondition > 0
      ? `${byCondition} skipped by ${byCondition === 1 ? 'a condition' : 'conditions'}`
      : '',
    nothingToDoCount > 0 ? `${nothingToDoCount} with nothing to do` : '',
  ].filter((part) => part !== '');
  const beats =
    skippedCount > 0
      ? `${told} of ${plural(count, 'beat')} told (${why.join(', ')})`
      : count === 1
        ? 'its one beat told'
        : `all ${count} beats told`;
  const time = durationMs === undefined ? '' : ` in ${formatDuration(durationMs)}`;
  return `${def.name} completes: ${beats}${time}.`;
}

function pad2(n: number): string {
  return n.toString().padStart(2, '0');
}

function oneLine(text: string): string {
  const line = text.replace(ANSI_ESCAPE, '').replace(/\s+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

/** An instance stopped before it began because a sibling failed (`fail_fast`). */
export function failFastCanceledText(step: StepRef, failed: StepRef): string {
  return `${step.id} is canceled before it began: ${failed.id} failed, and the group fails fast.`;
}

/** A fanned-out step whose instances all held: `test held on all 4 instances.` */
export function groupHeldText(step: StepRef, held: number, total: number): string {
  const beat = step.beat?.trim().replace(/\.$/, '');
  const how =
    held === total
      ? `all ${plural(total, 'instance')}`
      : `${held} of ${plural(total, 'instance')} (the rest had nothing to do)`;
  return beat ? `${beat} — on ${how}` : `${step.id} held on ${how}.`;
}

/** Every instance of a fanned-out step was left out by its condition. */
export function groupSkippedText(step: StepRef): string {
  return `${step.id} is skipped: its condition was false for every instance`;
}

/** `test broke on 1 of 4 instances: node 20, os linux; 2 were stopped.` */
export function groupFailedText(
  step: StepRef,
  failed: readonly string[],
  stopped: readonly string[],
  total: number,
): string {
  if (failed.length === 0) {
    return `${step.id} was stopped: ${stopped.length} of ${plural(total, 'instance')} did not finish.`;
  }
  const more =
    stopped.length === 0
      ? ''
      : `; ${stopped.length} ${stopped.length === 1 ? 'was' : 'were'} stopped`;
  return `${step.id} broke on ${failed.length} of ${plural(total, 'instance')}: ${failed.join('; ')}${more}.`;
}

/** A `for_each` step's list arrived. */
export function expandedText(step: StepRef, count: number): string {
  return `${step.id} fans out into ${plural(count, 'instance')}.`;
}
