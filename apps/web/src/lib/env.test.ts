import { describe, expect, it } from 'vitest';
import { runnerEndpoints } from './env';

describe('runnerEndpoints', () => {
  it('defaults to port 4100 on the host the page was opened at, so cookies are same-site', () => {
    expect(runnerEndpoints(undefined, 'localhost:3000')).toEqual({
      apiUrl: 'http://localhost:4100',
      wsUrl: 'ws://localhost:4100',
    });
    expect(runnerEndpoints('', 'arcflow.internal:3000').apiUrl).toBe(
      'http://arcflow.internal:4100',
    );
    expect(runnerEndpoints(undefined).apiUrl).toBe('http://127.0.0.1:4100');
  });

  it('gives a loopback runner the loopback name of the page (127.0.0.1 vs localhost)', () => {
    expect(runnerEndpoints('http://127.0.0.1:4200', 'localhost:3000').apiUrl).toBe(
      'http://localhost:4200',
    );
    expect(runnerEndpoints('http://localhost:4200', '127.0.0.1:3100').apiUrl).toBe(
      'http://127.0.0.1:4200',
    );
  });

  it('keeps a configured non-loopback runner as it is', () => {
    expect(runnerEndpoints('https://runner.example.com/api/', 'web.example.com')).toEqual({
      apiUrl: 'https://runner.example.com/api',
      wsUrl: 'wss://runner.example.com/api',
    });
    expect(runnerEndpoints('http://10.0.0.5:4100', 'localhost:3000').apiUrl).toBe(
      'http://10.0.0.5:4100',
    );
  });

  it('falls back on the default when the URL is nonsense', () => {
    expect(runnerEndpoints('not a url', null).apiUrl).toBe('http://127.0.0.1:4100');
  });
});
