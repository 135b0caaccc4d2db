// @ts-check
// Starts the worker and its init as early as possible: index.html loads this as an async module
// script, so the worker (and the core's compilation) does not wait for the page's UI code.
// app.js imports the same module instance. Protocol: worker.js.

export const worker = new Worker(new URL('worker.js', document.baseURI), { type: 'module' });
let nextId = 1;
const pending = new Map();
worker.onmessage = ({ data }) => {
  const p = pending.get(data.id);
  pending.delete(data.id);
  if (data.ok) p.resolve(data); else p.reject(new Error(data.error));
};

/**
 * One request to the worker; answers are matched by id. It carries the device clock (`now`):
 * the page is the one place that reads it (worker.js).
 * @returns {Promise<any>}
 */
export function call(/** @type {string} */ op, payload = {}, /** @type {Transferable[]} */ transfer = []) {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, op, ...payload, now: Date.now() }, transfer);
  });
}

/** The worker's init (core compiled, trust data verified), started at once. */
export const initialized = call('init');
initialized.catch(() => {});
