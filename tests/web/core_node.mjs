// Loads the Node flavour of the WASM core (build/wasm/web/traceseal_core_node.cjs). The wasm
// bytes are handed over directly: Node 20's fetch() cannot load a file path (TOOLCHAIN.md).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export async function loadCore(buildDir = path.join(repoRoot, 'build', 'wasm')) {
  const js = path.join(buildDir, 'web', 'traceseal_core_node.cjs');
  const wasm = js.replace(/\.cjs$/, '.wasm');
  if (!fs.existsSync(js)) throw new Error(`${js} is missing: cmake --build --preset wasm`);
  const create = createRequire(import.meta.url)(js);
  return create({ wasmBinary: fs.readFileSync(wasm) });
}

// RFC 3339 "YYYY-MM-DDTHH:MM:SSZ" or "YYYY-MM-DD" (UTC) -> seconds, as the core's parse_time.
export function unixSeconds(text) {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new Error(`bad time ${text}`);
  return ms / 1000;
}
