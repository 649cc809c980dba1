'use client';

import { useQuery } from '@tanstack/react-query';
import { errorMessage } from '@/lib/errors';
import { useTRPC } from '@/lib/trpc';
import buttonCss from '@/ui/button.module.css';
import { resumeLatestLabel } from './retell';

/**
 * On a failed or canceled run: "Resume with the current definition (N changes)" when the
 * workflow changed since the run was told (the runner's preview says how), nothing when it did
 * not. When the current definition cannot be used (invalid, inputs no longer fit) the button
 * stays, disabled, with the runner's reason as its title. Refetched when the window regains
 * focus, so an edit saved in another tab shows up.
 */
export function ResumeLatestButton({
  runId,
  workflow,
  onOpen,
}: {
  runId: string;
  workflow: string;
  onOpen: () => void;
}) {
  const trpc = useTRPC();
  const latest = useQuery({
    ...trpc.runs.preview.queryOptions({ kind: 'resume', runId, latest: true }),
    retry: false,
    // Always asked afresh when the button appears (the workflow may have changed meanwhile),
    // never kept after it goes (the answer is about this moment only).
    staleTime: 0,
    gcTime: 0,
  });
  if (latest.isError) {
    return (
      <button
        type="button"
        className={buttonCss.btn}
        data-testid="resume-latest"
        disabled
        title={errorMessage(latest.error)}
      >
        Resume with the current definition
      </button>
    );
  }
  const change = latest.data?.definitionChange;
  if (!change) return null;
  return (
    <button
      type="button"
      className={buttonCss.btn}
      data-testid="resume-latest"
      title={`Preview a resume on revision ${change.to} of ${workflow}`}
      onClick={onOpen}
    >
      {resumeLatestLabel(change.changeCount)}
    </button>
  );
}
