import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isDeadlineError, withDeadline } from '../deadline.js';
import { FirebreakError } from '../errors.js';

/** Where signing certificates come from. Callers check the URL first (`checkSigningCertUrl`). */
export interface CertificateSource {
  /** The PEM text of the certificate at `url`; rejects with code SNS_CERT_UNAVAILABLE. */
  get(url: string): Promise<string>;
}

export interface CertificateSourceOptions {
  /** SNS_SIGNING_CERTS_DIR: certificates found here by file name are used without any fetch. */
  pinnedDir?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  maxBytes?: number;
  cacheSize?: number;
}

const CODE = 'SNS_CERT_UNAVAILABLE';
const CERT_FILE_NAME = /^SimpleNotificationService-[0-9a-f]+\.pem$/;

export function createCertificateSource(options: CertificateSourceOptions = {}): CertificateSource {
  const {
    pinnedDir,
    fetch: fetchFn = fetch,
    timeoutMs = 3000,
    maxBytes = 16 * 1024,
    cacheSize = 32,
  } = options;
  const cache = new LruCache<string, string>(cacheSize);
  const inFlight = new Map<string, Promise<string>>();

  async function load(url: string): Promise<string> {
    const pinned = pinnedDir === undefined ? undefined : await readPinned(pinnedDir, url);
    const pem = pinned ?? (await download(url, fetchFn, timeoutMs, maxBytes));
    try {
      new X509Certificate(pem);
    } catch (cause) {
      throw new FirebreakError(CODE, `The signing certificate at ${url} is not an X.509 certificate.`, {
        cause,
      });
    }
    return pem;
  }

  return {
    get(url) {
      const cached = cache.get(url);
      if (cached !== undefined) return Promise.resolve(cached);
      // A burst of messages after a certificate rotation must cost one download, not one per message.
      let pending = inFlight.get(url);
      if (pending === undefined) {
        pending = load(url)
          .then((pem) => {
            cache.set(url, pem);
            return pem;
          })
          .finally(() => inFlight.delete(url));
        inFlight.set(url, pending);
      }
      return pending;
    },
  };
}

async function readPinned(dir: string, url: string): Promise<string | undefined> {
  let fileName: string | undefined;
  try {
    fileName = new URL(url).pathname.split('/').pop();
  } catch {
    return undefined;
  }
  // The name pattern also keeps `..` and separators out of the path we open.
  if (fileName === undefined || !CERT_FILE_NAME.test(fileName)) return undefined;
  try {
    return await readFile(join(dir, fileName), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new FirebreakError(CODE, `The pinned certificate ${fileName} could not be read.`, { cause: error });
  }
}

async function download(
  url: string,
  fetchFn: typeof fetch,
  timeoutMs: number,
  maxBytes: number,
): Promise<string> {
  try {
    return await withDeadline(timeoutMs, async (signal) => {
      const response = await fetchFn(url, { signal, redirect: 'error' });
      if (!response.ok) {
        await response.body?.cancel();
        throw new FirebreakError(
          CODE,
          `Fetching the signing certificate failed with HTTP ${response.status}.`,
        );
      }
      return await readCapped(response, maxBytes, signal);
    });
  } catch (error) {
    if (error instanceof FirebreakError) throw error;
    const timedOut = isDeadlineError(error);
    const why = timedOut ? `timed out after ${timeoutMs} ms` : 'failed';
    throw new FirebreakError(CODE, `Fetching the signing certificate ${why}.`, { cause: error });
  }
}

/** Reads the body but stops (and cancels the stream) as soon as it passes `maxBytes`. */
async function readCapped(response: Response, maxBytes: number, signal: AbortSignal): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > maxBytes || !response.body) {
    await response.body?.cancel();
    if (declared > maxBytes) throw tooLarge(maxBytes);
    return '';
  }
  const reader = response.body.getReader();
  const cancel = () => void reader.cancel().catch(() => undefined);
  signal.addEventListener('abort', cancel, { once: true });
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        cancel();
        throw tooLarge(maxBytes);
      }
      chunks.push(value);
    }
  } finally {
    signal.removeEventListener('abort', cancel);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function tooLarge(maxBytes: number): FirebreakError {
  return new FirebreakError(CODE, `The signing certificate is larger than ${maxBytes} bytes.`);
}

/** Least-recently-used eviction on a Map, whose iteration order is insertion order. */
class LruCache<K, V> {
  readonly #entries = new Map<K, V>();
  constructor(readonly capacity: number) {}

  get(key: K): V | undefined {
    const value = this.#entries.get(key);
    if (value !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, value);
    }
    return value;
  }

  set(key: K, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    while (this.#entries.size > this.capacity) {
      const oldest = this.#entries.keys().next();
      if (oldest.done) break;
      this.#entries.delete(oldest.value);
    }
  }
}
