import { gitTagSpec, StepFailure } from '@arcflow/engine';
import { defineAction } from '../define.ts';
import { identityArgs, resolveCommit, short } from './repo.ts';
import { runGit } from './run-git.ts';

export const gitTagAction = defineAction(gitTagSpec, async (ctx) => {
  const { name, message, sha: ref = 'HEAD', if_exists } = ctx.input;
  const valid = await runGit(ctx, ['check-ref-format', `refs/tags/${name}`], { okCodes: [1] });
  if (valid.code !== 0) {
    throw new StepFailure({
      reason: 'error',
      message: `"${name}" is not a valid tag name`,
      summary: `"${name}" is not a valid tag name (see \`git check-ref-format\`)`,
      retriable: false,
    });
  }
  const target = await resolveCommit(ctx, ref);
  if (target === undefined) {
    throw new StepFailure({
      reason: 'error',
      message: `cannot tag ${ref}: no such commit`,
      summary: `cannot tag ${ref}: no such commit, branch or tag`,
      retriable: false,
    });
  }

  const existing = await resolveCommit(ctx, `refs/tags/${name}`);
  if (existing !== undefined) {
    if (if_exists === 'skip') {
      return {
        outputs: { tag: name, sha: existing, created: false },
        summary: `tag ${name} already exists at ${short(existing)}; skipped`,
      };
    }
    throw new StepFailure({
      reason: 'error',
      message: `tag ${name} already exists`,
      summary: `tag ${name} already exists at ${short(existing)} (set if_exists: skip to keep it)`,
      retriable: false,
      details: { tag: name, sha: existing },
    });
  }

  if (message === undefined) await runGit(ctx, ['tag', name, target]);
  else {
    const identity = await identityArgs(ctx);
    await runGit(ctx, [...identity, 'tag', '--annotate', '--message', message, name, target]);
  }
  const kind = message === undefined ? 'tagged' : 'tagged (annotated)';
  return {
    outputs: { tag: name, sha: target, created: true },
    summary: `${kind} ${short(target)} as ${name}`,
  };
});
