import { describe, expect, it } from 'vitest';
import { providerErrorMessage, signInErrorMessage } from './sign-in-client';

describe('signInErrorMessage', () => {
  it('says the username or password is wrong, without saying which', () => {
    expect(signInErrorMessage(401, null, { message: 'Invalid username or password' })).toBe(
      'Wrong username or password.',
    );
  });

  it('says how long to wait when rate-limited', () => {
    expect(signInErrorMessage(429, '42', null)).toBe('Too many attempts — try again in 42 s.');
    expect(signInErrorMessage(429, null, null)).toBe('Too many attempts — try again in a minute.');
  });

  it("passes on the runner's own words for other refusals", () => {
    expect(signInErrorMessage(403, null, { message: 'You have been banned' })).toBe(
      'The runner refused: You have been banned',
    );
    expect(signInErrorMessage(403, null, null)).toBe('This account may not sign in. Ask an admin.');
    expect(signInErrorMessage(500, null, null)).toBe('Could not sign in (HTTP 500).');
    expect(signInErrorMessage(404, null, null)).toMatch(/no sign-in.*--team/);
  });
});

describe('providerErrorMessage', () => {
  it('explains that an identity needs an Arcflow account first', () => {
    expect(providerErrorMessage('signup_disabled')).toMatch(/No Arcflow account.*arcflow user add/);
    expect(providerErrorMessage('access_denied')).toBe('Signing in was cancelled at the provider.');
    expect(providerErrorMessage('state_mismatch')).toBe(
      'Signing in with the provider failed (state_mismatch).',
    );
  });
});
