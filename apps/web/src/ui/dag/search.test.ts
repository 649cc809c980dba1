import { expect, it } from 'vitest';
import { matchSteps } from './search';

it('suggests prefix matches first, then ids containing the text, at most the limit', () => {
  const ids = ['build', 'l1-build', 'lint', 'l2-build', 'BUILD-docs'];
  expect(matchSteps(ids, 'build')).toEqual(['build', 'BUILD-docs', 'l1-build', 'l2-build']);
  expect(matchSteps(ids, 'l', 2)).toEqual(['l1-build', 'lint']);
  expect(matchSteps(ids, '  ')).toEqual([]);
});
