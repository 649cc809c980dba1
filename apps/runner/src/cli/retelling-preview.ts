import pc from 'picocolors';
import type { PreviewJson } from '../runs/preview-json.ts';

const KIND_MARK = { changed: pc.yellow('~'), added: pc.green('+'), removed: pc.red('-') } as const;

/**
 * The resolution preview as the terminal shows it before a resume, retry or rerun: what it
 * is, the definition change, the steps that will run in order with why, and what keeps
 * its result. Irreversible effects are marked on their step.
 */
export function renderPreview(preview: PreviewJson): string[] {
  const lines: string[] = [];
  lines.push(`${pc.bold('Resolution preview')} ${pc.dim('·')} ${headline(preview)}`);
  const change = preview.definitionChange;
  if (change) {
    lines.push(
      `  revision ${change.from} → ${pc.bold(change.to)} ${pc.dim(`(${change.changeCount} change${change.changeCount === 1 ? '' : 's'})`)}`,
    );
    for (const step of change.steps) {
      const mark = step.kind === 'cosmetic' ? pc.dim('·') : KIND_MARK[step.kind];
      const detail =
        step.kind === 'changed'
          ? `${step.parts.join(', ')} changed`
          : step.kind === 'cosmetic'
            ? `${step.cosmetic.join(', ')} reworded (keeps its result)`
            : step.kind === 'removed'
              ? 'removed: cut from the story'
              : 'added';
      lines.push(`    ${mark} ${step.step}  ${pc.dim(detail)}`);
    }
    for (const part of change.workflow) {
      lines.push(`    ${pc.yellow('~')} ${pc.dim(`workflow ${part.part} changed`)}`);
    }
  }
  if (preview.run.length === 0) {
    lines.push(`  ${pc.dim('nothing will run: every step keeps its result')}`);
  } else {
    lines.push(`  will run, in order:`);
    const width = Math.max(...preview.run.map((step) => step.step.length));
    preview.run.forEach((step, index) => {
      const effect = step.irreversible
        ? `  ${pc.red(`! irreversible: ${step.irreversible}, and already did in this run`)}`
        : '';
      lines.push(
        `    ${pc.dim(`${index + 1}.`)} ${step.step.padEnd(width)}  ${pc.dim(step.why)}${effect}`,
      );
    });
  }
  if (preview.keep.length > 0) {
    lines.push(`  ${pc.dim(`keep their results: ${preview.keep.join(', ')}`)}`);
  }
  if (preview.removed.length > 0) {
    lines.push(`  ${pc.dim(`cut from the story: ${preview.removed.join(', ')}`)}`);
  }
  return lines;
}

function headline(preview: PreviewJson): string {
  const run = `run ${pc.bold(preview.runId)}`;
  switch (preview.kind) {
    case 'resume':
      return preview.definitionChange ? `resume ${run} on the current definition` : `resume ${run}`;
    case 'retry':
      return `retry in ${run}`;
    case 'rerun':
      return `a new run re-telling ${run}${preview.definitionChange ? ' on the current definition' : ''}`;
    default: {
      const _never: never = preview.kind;
      return _never;
    }
  }
}
