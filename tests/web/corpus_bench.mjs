// Benchmark (not a test): how many images of ../shared/corpus/zxing-qr zxing-wasm reads with the
// camera preset the page uses, next to the native path's figure (bench_images). Usage:
//   node tests/web/corpus_bench.mjs [CORPUS_DIR]
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './core_node.mjs';

const zxingDir = path.join(repoRoot, 'web', 'node_modules', 'zxing-wasm', 'dist');
const { prepareZXingModule, readBarcodes } = await import(pathToFileURL(path.join(zxingDir, 'es', 'reader', 'index.js')).href);

const corpus = process.argv[2] ?? path.join(repoRoot, '..', 'shared', 'corpus', 'zxing-qr');
const wasm = fs.readFileSync(path.join(zxingDir, 'reader', 'zxing_reader.wasm'));
await prepareZXingModule({ overrides: { wasmBinary: wasm }, fireImmediately: true });

const presets = {
  camera: { formats: ['QRCode'], tryRotate: false, tryInvert: false, maxNumberOfSymbols: 1 },
  thorough: { formats: ['QRCode'], tryHarder: true, tryRotate: true, tryInvert: true, maxNumberOfSymbols: 8 },
};
for (const [name, options] of Object.entries(presets)) {
  let images = 0, read = 0, parts = 0;
  const t0 = performance.now();
  for (const folder of fs.readdirSync(corpus).sort()) {
    const dir = path.join(corpus, folder);
    if (!fs.statSync(dir).isDirectory()) continue;
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.png')).sort()) {
      images++;
      const txt = path.join(dir, file.replace(/\.png$/, '.txt'));
      const results = await readBarcodes(new Uint8Array(fs.readFileSync(path.join(dir, file))), options);
      if (fs.existsSync(txt)) {
        const expected = fs.readFileSync(txt, 'utf8');
        if (results.some((r) => r.isValid && r.text === expected)) read++;
      } else if (file.includes('-') && results.some((r) => r.isValid && r.sequenceIndex >= 0)) {
        parts++;
      }
    }
  }
  const ms = (performance.now() - t0) / images;
  console.log(`zxing-wasm ${name} preset: ${read + parts} of ${images} read (${read} texts + ${parts} structured-append parts), ${ms.toFixed(0)} ms/image`);
}
