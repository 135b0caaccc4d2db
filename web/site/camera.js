// @ts-check
// Continuous camera scanning: rear camera preferred, switch and torch, one frame in flight, and a
// code accepted only after it reads the same on `agree` consecutive frames.

// Frames go to the worker as ImageBitmaps (transferred, not copied). `decode(bitmap)` resolves to
// the worker's {results, decodeMs, totalMs}; `onAccepted(results)` gets the agreed result.
/**
 * @param {HTMLVideoElement} video
 * @param {{decode: (bitmap: ImageBitmap) => Promise<{results: {text: string, assessment: import('../bindings').Assessment}[], decodeMs: number, totalMs: number}>,
 *          agree?: number, onAccepted: (results: {text: string, assessment: import('../bindings').Assessment}[]) => void,
 *          onTorch: (available: boolean) => void}} options
 */
export async function startCamera(video, { decode, agree = 2, onAccepted, onTorch }) {
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    throw Object.assign(new Error('no camera API (insecure context?)'), { name: 'SecurityError' });
  }
  /** @type {MediaStream | null} */
  let stream = null;
  let stopped = false;
  let deviceIndex = -1;
  let torchOn = false;
  /** @type {string | null} */
  let last = null;
  let streak = 0;
  const w = /** @type {any} */ (window);
  const stats = (w.__tracesealStats = w.__tracesealStats || { frames: [] });

  async function open(/** @type {MediaTrackConstraints} */ constraints) {
    if (stream) stream.getTracks().forEach((t) => t.stop());
    stream = await navigator.mediaDevices.getUserMedia({ audio: false, video: constraints });
    video.srcObject = stream;
    await video.play().catch(() => {});
    const track = stream.getVideoTracks()[0];
    const caps = /** @type {any} */ (track.getCapabilities ? track.getCapabilities() : {});
    torchOn = false;
    onTorch(Boolean(caps.torch));
  }

  function nextFrame(/** @type {() => void} */ cb) {
    if (video.requestVideoFrameCallback) video.requestVideoFrameCallback(() => cb());
    else requestAnimationFrame(() => cb());
  }

  async function loop() {
    if (stopped) return;
    if (video.readyState >= 2 && video.videoWidth > 0) {
      const t0 = performance.now();
      const bitmap = await createImageBitmap(video);
      const width = bitmap.width, height = bitmap.height;
      const r = await decode(bitmap);
      if (stopped) return;
      stats.frames.push({ frameToVerdictMs: performance.now() - t0, decodeMs: r.decodeMs,
                          workerMs: r.totalMs, width, height });
      const found = r.results.filter((x) => x.assessment.verdict !== 'no_code');
      const text = found.length ? found[0].text : null;
      streak = text !== null && text === last ? streak + 1 : (text !== null ? 1 : 0);
      last = text;
      if (text !== null && streak >= agree) {
        onAccepted(found);
        return;
      }
    }
    nextFrame(loop);
  }

  await open({ facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } });
  nextFrame(loop);

  return {
    stop() {
      stopped = true;
      if (stream) stream.getTracks().forEach((t) => t.stop());
      video.srcObject = null;
    },
    async switchCamera() {
      const cams = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'videoinput');
      if (cams.length < 2) return;
      const current = stream && stream.getVideoTracks()[0].getSettings().deviceId;
      if (deviceIndex < 0) deviceIndex = Math.max(0, cams.findIndex((c) => c.deviceId === current));
      deviceIndex = (deviceIndex + 1) % cams.length;
      last = null; streak = 0;
      await open({ deviceId: { exact: cams[deviceIndex].deviceId }, width: { ideal: 1280 }, height: { ideal: 720 } });
    },
    async toggleTorch() {
      const track = stream && stream.getVideoTracks()[0];
      if (!track) return;
      torchOn = !torchOn;
      await track.applyConstraints({ advanced: [/** @type {any} */ ({ torch: torchOn })] }).catch(() => { torchOn = !torchOn; });
    },
  };
}
