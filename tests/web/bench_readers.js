// Benchmark-only module worker (tests/web/bench.mjs serves it next to a copy of the site): the
// two baselines the page's worker is measured against, fed exactly as the page's worker is fed
// (a transferred ImageBitmap, drawn to an OffscreenCanvas and read back as RGBA), then decoded by
//   zxing-wasm — readBarcodes(ImageData) with the page's camera preset, no core;
//   zxing-js   — @zxing/library's pure-JS QR reader, as its BrowserQRCodeReader does it:
//                RGBA -> grey, RGBLuminanceSource, HybridBinarizer, QRCodeReader, TRY_HARDER.
// Protocol as worker.js: {id, op, ...} -> {id, ok, ...}.
//   init {}                                   -> {}
//   frame {bitmap, reader: 'zxing-wasm'|'zxing-js'} -> {texts, pixelsMs, decodeMs, totalMs}
import { prepareZXingModule, readBarcodes } from '../vendor/zxing-wasm/reader/index.js';

const here = new URL('./', self.location.href);
// Same options object as worker.js's kCameraOptions (tryHarder is zxing-wasm's default too).
const kCameraOptions = { formats: ['QRCode'], tryHarder: true, tryRotate: false, tryInvert: false,
                         maxNumberOfSymbols: 1 };

let ZXing = null;
let qrReader = null;
let hints = null;
let canvas = null;

const decoders = {
  async 'zxing-wasm'(image) {
    const found = await readBarcodes(image, kCameraOptions);
    return found.filter((b) => b.isValid).map((b) => b.text);
  },
  async 'zxing-js'(image) {
    const { width, height } = image;
    const grey = ZXing.HTMLCanvasElementLuminanceSource.toGrayscaleBuffer(image.data, width, height);
    const bitmap = new ZXing.BinaryBitmap(new ZXing.HybridBinarizer(
      new ZXing.RGBLuminanceSource(grey, width, height)));
    try {
      return [qrReader.decode(bitmap, hints).getText()];
    } catch (e) {
      if (e instanceof ZXing.NotFoundException || e instanceof ZXing.ChecksumException ||
          e instanceof ZXing.FormatException) return [];
      throw e;
    }
  },
};

const handlers = {
  async init() {
    // The UMD build sets globalThis.ZXing when loaded as a module (no exports/define here).
    await import(new URL('vendor/zxing-library/index.min.js', here).href);
    ZXing = globalThis.ZXing;
    qrReader = new ZXing.QRCodeReader();
    hints = new Map([[ZXing.DecodeHintType.TRY_HARDER, true],
                     [ZXing.DecodeHintType.POSSIBLE_FORMATS, [ZXing.BarcodeFormat.QR_CODE]]]);
    await prepareZXingModule({
      overrides: { locateFile: (file) => new URL(`../vendor/zxing-wasm/reader/${file}`, here).href },
      fireImmediately: true,
    });
    return {};
  },
  async frame({ bitmap, reader }) {
    const t0 = performance.now();
    const w = bitmap.width, h = bitmap.height;
    if (!canvas || canvas.width !== w || canvas.height !== h) canvas = new OffscreenCanvas(w, h);
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    ctx.drawImage(bitmap, 0, 0);
    bitmap.close();
    const image = ctx.getImageData(0, 0, w, h);
    const t1 = performance.now();
    const texts = await decoders[reader](image);
    const t2 = performance.now();
    return { texts, pixelsMs: t1 - t0, decodeMs: t2 - t1, totalMs: t2 - t0 };
  },
};

let queue = Promise.resolve();
self.onmessage = ({ data }) => {
  queue = queue.then(async () => {
    try {
      self.postMessage({ id: data.id, ok: true, ...(await handlers[data.op](data)) });
    } catch (e) {
      self.postMessage({ id: data.id, ok: false, error: String(e && e.message || e) });
    }
  });
};
