import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeInstallFailure, installFailure, stripAnsi } from './install-failure.ts';

/** Output captured from the real tools (npm 11, pnpm 10, yarn 1.22, pip 23); see fixtures/. */
const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');

describe('installFailure', () => {
  it('quotes what ERESOLVE says of the conflict, from coloured output', () => {
    const output = fixture('npm-eresolve.color.txt');
    expect(output).toContain('\u001b[');
    const failure = installFailure(output);
    expect(failure).toEqual({
      headline: 'npm could not resolve the dependency tree (ERESOLVE)',
      lines: [
        'While resolving: conflict-app@1.0.0',
        'Found: react@17.0.2',
        'Could not resolve dependency: peer react@"^18.3.1" from react-dom@18.3.1',
      ],
    });
    expect(describeInstallFailure(failure!)).toBe(
      'npm could not resolve the dependency tree (ERESOLVE): While resolving: conflict-app@1.0.0; Found: react@17.0.2; Could not resolve dependency: peer react@"^18.3.1" from react-dom@18.3.1',
    );
  });

  it('names the package whose peer dependency conflicts', () => {
    expect(installFailure(fixture('npm-eresolve-peer.txt'))?.lines).toEqual([
      'While resolving: peer-app@1.0.0',
      'Found: react@17.0.2',
      'Could not resolve dependency: peer react@"^18.0.0" from @testing-library/react@14.3.1',
    ]);
  });

  it('quotes "Conflicting peer dependency" when npm prints it', () => {
    const output = [
      'npm error code ERESOLVE',
      'npm error ERESOLVE could not resolve',
      'npm error',
      'npm error While resolving: @testing-library/react@14.3.1',
      'npm error Found: react@17.0.2',
      'npm error',
      'npm error Could not resolve dependency:',
      'npm error peer react@"^18.0.0" from @testing-library/react@14.3.1',
      'npm error',
      'npm error Conflicting peer dependency: react@18.3.1',
      'npm error A complete log of this run can be found in: /home/dev/.npm/_logs/x-debug-0.log',
    ].join('\n');
    expect(installFailure(output)?.lines).toContain('Conflicting peer dependency: react@18.3.1');
  });

  it('says which version or package npm could not find', () => {
    expect(installFailure(fixture('npm-etarget.txt'))).toEqual({
      headline: 'npm found no version that matches (ETARGET)',
      lines: ['No matching version found for react@99.0.0.'],
    });
    expect(installFailure(fixture('npm-e404.txt'))).toEqual({
      headline: 'npm could not find a package in the registry (E404)',
      lines: [
        "The requested resource 'arcflow-no-such-package-zz@1.0.0' could not be found or you do not have permission to access it.",
      ],
    });
  });

  it('quotes the reason of other npm errors, not where they happened', () => {
    expect(installFailure(fixture('npm-enoent.txt'))).toEqual({
      headline: 'npm failed (ENOENT)',
      lines: [
        "Could not read package.json: Error: ENOENT: no such file or directory, open '/home/dev/app/package.json'",
      ],
    });
  });

  it('reads pnpm errors by their ERR_PNPM_ code', () => {
    expect(installFailure(fixture('pnpm-no-matching-version.color.txt'))).toEqual({
      headline: 'pnpm failed (ERR_PNPM_NO_MATCHING_VERSION)',
      lines: [
        'No matching version found for react@99.0.0 while fetching it from https://registry.npmjs.org/',
      ],
    });
    expect(installFailure(fixture('pnpm-peer-dep-issues.txt'))).toEqual({
      headline: 'pnpm failed (ERR_PNPM_PEER_DEP_ISSUES)',
      lines: [
        'Unmet peer dependencies',
        'react-dom 18.3.1: unmet peer react@^18.3.1: found 17.0.2',
      ],
    });
    expect(installFailure(fixture('pnpm-outdated-lockfile.txt'))?.lines).toEqual([
      'Cannot install with "frozen-lockfile" because pnpm-lock.yaml is not up to date with <ROOT>/package.json',
      '1 dependencies were added: is-even@1.0.0',
    ]);
  });

  it("quotes pip's conflict, line by line", () => {
    expect(installFailure(fixture('pip-resolution-impossible.txt'))).toEqual({
      headline: 'pip could not resolve the dependencies (ResolutionImpossible)',
      lines: ['alpha 1.0 depends on urllib3>=2.8', 'beta 1.0 depends on urllib3<2.8'],
    });
    expect(installFailure(fixture('pip-no-matching-distribution.txt'))).toEqual({
      headline: 'pip found no version that matches',
      lines: [
        'Could not find a version that satisfies the requirement arcflow-no-such-package-zz==1.0 (from versions: none)',
      ],
    });
  });

  it('reads yarn and the PubGrub sentence of uv and poetry', () => {
    expect(installFailure(fixture('yarn-classic-no-version.txt'))).toEqual({
      headline: 'yarn failed',
      lines: ['Couldn\'t find any versions for "react" that matches "99.0.0"'],
    });
    // uv and poetry are not installed here: their documented shape.
    const uv = [
      '  × No solution found when resolving dependencies:',
      '  ╰─▶ Because alpha==1.0 depends on urllib3>=2.8 and beta==1.0 depends on urllib3<2.8,',
      '      we can conclude that alpha==1.0 and beta==1.0 are incompatible.',
      '      And because your project depends on alpha==1.0 and beta==1.0, we can conclude that your',
      "      project's requirements are unsatisfiable.",
    ].join('\n');
    expect(installFailure(uv)).toEqual({
      headline: 'uv could not resolve the dependencies',
      lines: [
        "Because alpha==1.0 depends on urllib3>=2.8 and beta==1.0 depends on urllib3<2.8, we can conclude that alpha==1.0 and beta==1.0 are incompatible. And because your project depends on alpha==1.0 and beta==1.0, we can conclude that your project's requirements are unsatisfiable.",
      ],
    });
  });

  it('leaves other failures to the last lines', () => {
    expect(installFailure('error TS2322: Type string is not assignable')).toBeUndefined();
    const failedScript = [
      'npm error Lifecycle script `build` failed with error:',
      'npm error code 2',
      'npm error path /home/dev/app',
      'npm error command failed',
    ].join('\n');
    expect(installFailure(failedScript)).toBeUndefined();
  });
});

describe('stripAnsi', () => {
  it('removes colour and cursor codes and keeps the text', () => {
    expect(stripAnsi('\u001b[1mnpm\u001b[22m \u001b[31merror\u001b[39m code\u001b[2K')).toBe(
      'npm error code',
    );
  });
});
