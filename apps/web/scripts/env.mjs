// The environment the screenshot script reads, in this one place.
export const DEFAULT_API_URL = process.env.ARCFLOW_API_URL ?? 'http://127.0.0.1:4100';
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
