import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { PGliteOptions } from '@electric-sql/pglite';

/** A compiled module; Node's WebAssembly global is not in this project's `lib`. */
type WasmModule = NonNullable<PGliteOptions['wasmModule']>;
declare const WebAssembly: { compile(bytes: Uint8Array): Promise<WasmModule> };

/**
 * PGlite 0.3 starts Postgres with `-c shared_buffers=128MB` written into its WebAssembly
 * binary, and Postgres touches the whole buffer pool at start: 128 MB of resident memory
 * before the first query, most of an idle runner. An Arcflow workspace's tables are small
 * and the operating system caches their files anyway, so the embedded database starts with
 * a smaller pool: the setting is rewritten in the binary before it is compiled. Measured in
 * docs/performance.md (issue 16).
 */
export const EMBEDDED_SHARED_BUFFERS = '8MB';

const BUILT_IN = 'shared_buffers=128MB\0';

/**
 * PGlite's options for Arcflow's embedded database: its WebAssembly module with the smaller
 * pool, compiled once per process, or none (PGlite then loads its own) when this PGlite no
 * longer carries the setting where 0.3 does.
 */
export async function pgliteOptions(): Promise<{ wasmModule?: WasmModule }> {
  cached ??= compileSmallPool();
  const wasmModule = await cached;
  return wasmModule ? { wasmModule } : {};
}

let cached: Promise<WasmModule | undefined> | undefined;

async function compileSmallPool(): Promise<WasmModule | undefined> {
  const bytes = await readFile(pgliteWasmUrl()).catch(() => undefined);
  if (bytes === undefined) return undefined;
  const at = bytes.indexOf(BUILT_IN);
  if (at < 0 || bytes.indexOf(BUILT_IN, at + 1) >= 0) return undefined;
  // Same length, NUL-padded: the C string ends earlier and nothing else moves.
  const smaller = Buffer.alloc(BUILT_IN.length);
  smaller.write(`shared_buffers=${EMBEDDED_SHARED_BUFFERS}`);
  smaller.copy(bytes, at);
  return WebAssembly.compile(bytes);
}

/** PGlite's binary, beside its entry point (PGlite loads it from there too). */
function pgliteWasmUrl(): URL {
  return new URL(
    './pglite.wasm',
    pathToFileURL(createRequire(import.meta.url).resolve('@electric-sql/pglite')),
  );
}
