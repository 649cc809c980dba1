import { describe, expect, it } from 'vitest';
import { diffInstalled, parseInstalled } from './parse-installed.ts';
import { parseOutdated } from './parse-outdated.ts';

/** `npm outdated --json --long` in a workspace: one entry per dependent, as an array. */
const NPM_OUTDATED = {
  react: {
    current: '18.2.0',
    wanted: '18.3.1',
    latest: '19.1.0',
    dependent: 'web',
    location: '/app/node_modules/react',
    type: 'dependencies',
  },
  typescript: [
    {
      current: '5.4.5',
      wanted: '5.4.5',
      latest: '5.9.3',
      dependent: 'web',
      type: 'devDependencies',
    },
    {
      current: '5.4.5',
      wanted: '5.4.5',
      latest: '5.9.3',
      dependent: 'api',
      type: 'devDependencies',
    },
  ],
  'left-pad': { wanted: '1.3.0', latest: '1.3.0', dependent: 'web', location: '' },
};

/** `pnpm outdated --format json`. */
const PNPM_OUTDATED = {
  'is-number': {
    current: '6.0.0',
    latest: '7.0.0',
    wanted: '6.0.0',
    isDeprecated: false,
    dependencyType: 'dependencies',
  },
};

describe('parseOutdated', () => {
  it('reads npm, one entry per name and installed version', () => {
    expect(parseOutdated(NPM_OUTDATED)).toEqual([
      { name: 'left-pad', current: null, wanted: '1.3.0', latest: '1.3.0' },
      {
        name: 'react',
        current: '18.2.0',
        wanted: '18.3.1',
        latest: '19.1.0',
        type: 'dependencies',
      },
      {
        name: 'typescript',
        current: '5.4.5',
        wanted: '5.4.5',
        latest: '5.9.3',
        type: 'devDependencies',
      },
    ]);
  });

  it('reads pnpm, and older pnpm arrays', () => {
    expect(parseOutdated(PNPM_OUTDATED)).toEqual([
      {
        name: 'is-number',
        current: '6.0.0',
        wanted: '6.0.0',
        latest: '7.0.0',
        type: 'dependencies',
      },
    ]);
    expect(
      parseOutdated([{ packageName: 'zod', current: '3.0.0', wanted: '3.0.0', latest: '4.0.0' }]),
    ).toEqual([{ name: 'zod', current: '3.0.0', wanted: '3.0.0', latest: '4.0.0' }]);
    expect(parseOutdated({})).toEqual([]);
  });
});

describe('parseInstalled and diffInstalled', () => {
  it('reads npm ls and pnpm list, and says what changed', () => {
    const npm = parseInstalled({
      name: 'app',
      dependencies: { 'is-number': { version: '6.0.0' }, react: { version: '18.2.0' } },
    });
    const pnpm = parseInstalled([
      {
        name: 'app',
        dependencies: { 'is-number': { version: '7.0.0' }, shared: { version: 'link:../shared' } },
        devDependencies: { vitest: { version: '4.1.12' } },
      },
    ]);
    expect(pnpm).toEqual(
      new Map([
        ['is-number', '7.0.0'],
        ['vitest', '4.1.12'],
      ]),
    );
    expect(diffInstalled(npm, pnpm)).toEqual([
      { name: 'is-number', from: '6.0.0', to: '7.0.0' },
      { name: 'react', from: '18.2.0', to: null },
      { name: 'vitest', from: null, to: '4.1.12' },
    ]);
  });
});
