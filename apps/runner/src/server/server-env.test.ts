import { describe, expect, it } from 'vitest';
import { readSignInProviders } from './server-env.ts';

describe('readSignInProviders', () => {
  it('reads the built-in providers and any OIDC issuer', () => {
    expect(
      readSignInProviders({
        ARCFLOW_GITHUB_CLIENT_ID: 'gh',
        ARCFLOW_GITHUB_CLIENT_SECRET: 'gh-secret',
        ARCFLOW_GITLAB_CLIENT_ID: 'gl',
        ARCFLOW_GITLAB_CLIENT_SECRET: 'gl-secret',
        ARCFLOW_GITLAB_ISSUER: 'https://gitlab.example.com',
        ARCFLOW_OIDC_MY_CORP_ISSUER: 'https://id.example.com/realms/dev/',
        ARCFLOW_OIDC_MY_CORP_CLIENT_ID: 'arcflow',
        ARCFLOW_OIDC_MY_CORP_CLIENT_SECRET: 'kc-secret',
      }),
    ).toEqual([
      { type: 'social', id: 'github', name: 'GitHub', clientId: 'gh', clientSecret: 'gh-secret' },
      {
        type: 'social',
        id: 'gitlab',
        name: 'GitLab',
        clientId: 'gl',
        clientSecret: 'gl-secret',
        issuer: 'https://gitlab.example.com',
      },
      {
        type: 'oidc',
        id: 'my-corp',
        name: 'My Corp',
        issuer: 'https://id.example.com/realms/dev',
        clientId: 'arcflow',
        clientSecret: 'kc-secret',
      },
    ]);
  });

  it('names what is missing from a half-configured provider', () => {
    expect(() => readSignInProviders({ ARCFLOW_GOOGLE_CLIENT_ID: 'g' })).toThrow(
      'ARCFLOW_GOOGLE_CLIENT_SECRET is missing (ARCFLOW_GOOGLE_CLIENT_ID is set)',
    );
    expect(() =>
      readSignInProviders({ ARCFLOW_OIDC_KC_CLIENT_ID: 'a', ARCFLOW_OIDC_KC_CLIENT_SECRET: 'b' }),
    ).toThrow("ARCFLOW_OIDC_KC_ISSUER is missing (the issuer's URL)");
    expect(() =>
      readSignInProviders({
        ARCFLOW_OIDC_KC_ISSUER: 'id.example.com',
        ARCFLOW_OIDC_KC_CLIENT_ID: 'a',
        ARCFLOW_OIDC_KC_CLIENT_SECRET: 'b',
      }),
    ).toThrow('ARCFLOW_OIDC_KC_ISSUER: "id.example.com" is not a URL like https://id.example.com');
  });
});
