import { describe, expect, it } from 'vitest';
import { isUnauthorized, safeNext, signInHref } from './redirect';

describe('sign-in redirects', () => {
  it('sends a signed-out visitor to /sign-in with the page to come back to', () => {
    expect(signInHref('/runs/r_1?step=build')).toBe('/sign-in?next=%2Fruns%2Fr_1%3Fstep%3Dbuild');
    expect(signInHref('/')).toBe('/sign-in');
  });

  it('only returns to a page of this app, never another site or the sign-in page', () => {
    expect(safeNext('/admin/audit')).toBe('/admin/audit');
    expect(safeNext('//evil.example/x')).toBe('/');
    expect(safeNext('https://evil.example')).toBe('/');
    expect(safeNext('/\\evil.example')).toBe('/');
    expect(safeNext('/sign-in?next=/x')).toBe('/');
    expect(safeNext(null)).toBe('/');
  });

  it('refuses what a browser would turn into another site: tabs, newlines, backslashes, schemes', () => {
    for (const raw of [
      '/\\evil.example',
      '/\t/evil.example',
      '/\n/evil.example',
      '/\r\n/evil.example',
      '\t//evil.example',
      '/\t\\evil.example',
      '\\/evil.example',
      '//evil',
      '///evil.example',
      '/.//evil.example',
      '/a/..//evil.example',
      'https://evil',
      'https:evil.example',
      'javascript:alert(1)',
      ' javascript:alert(1)',
      'data:text/html,x',
      '/sign-in',
      '/sign-in#x',
      '',
      undefined,
    ]) {
      expect(safeNext(raw), JSON.stringify(raw)).toBe('/');
    }
  });

  it('keeps the path, query and fragment of a page of this app', () => {
    expect(safeNext('/runs/r_1?step=build#log')).toBe('/runs/r_1?step=build#log');
    expect(safeNext('/runs/../admin')).toBe('/admin');
    expect(signInHref('/\t/evil.example')).toBe('/sign-in');
  });

  it('recognises an UNAUTHORIZED answer from the runner', () => {
    expect(isUnauthorized({ data: { code: 'UNAUTHORIZED', httpStatus: 401 } })).toBe(true);
    expect(isUnauthorized({ data: { code: 'FORBIDDEN', httpStatus: 403 } })).toBe(false);
    expect(isUnauthorized(new Error('Failed to fetch'))).toBe(false);
    expect(isUnauthorized({ data: null })).toBe(false);
  });
});
