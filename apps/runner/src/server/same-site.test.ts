import { describe, expect, it } from 'vitest';
import { isSameSite } from './same-site.ts';

describe('isSameSite', () => {
  it.each([
    ['http://localhost:3000', 'http://localhost:4100', true],
    ['https://arcflow.example.com', 'https://api.example.com', true],
    ['https://example.com', 'https://api.example.com', true],
    ['http://localhost:3000', 'http://127.0.0.1:4100', false],
    ['http://arcflow.example.com', 'https://arcflow.example.com', false],
    ['https://arcflow.example.com', 'https://arcflow.example.org', false],
    ['http://10.0.0.1:3000', 'http://10.0.0.2:4100', false],
  ])('%s and %s: %s', (a, b, expected) => {
    expect(isSameSite(a, b)).toBe(expected);
    expect(isSameSite(b, a)).toBe(expected);
  });
});
