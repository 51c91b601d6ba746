import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createCertificateSource } from '../../src/detect/sns-certs.js';
import type { SnsSigner } from '../support/sns-signer.js';
import { createSnsSigner } from '../support/sns-signer.js';

let signer: SnsSigner;
let pem: string;
let pinnedUrl: string;

beforeAll(async () => {
  signer = await createSnsSigner();
  pem = readFileSync(join(signer.certsDir, readdirSync(signer.certsDir)[0]!), 'utf8');
  pinnedUrl = signer.certUrl('us-east-1');
});
afterAll(() => signer?.cleanup());

const urlFor = (n: number) =>
  `https://sns.us-east-1.amazonaws.com/SimpleNotificationService-${n.toString(16)}abc.pem`;
const servePem = () => vi.fn<typeof fetch>(async () => new Response(pem));
const mustNotFetch = () =>
  vi.fn<typeof fetch>(async () => {
    throw new Error('fetch must not be called');
  });

describe('createCertificateSource', () => {
  it('reads a pinned certificate and never fetches', async () => {
    const fetchFn = mustNotFetch();
    const source = createCertificateSource({ pinnedDir: signer.certsDir, fetch: fetchFn });
    expect(await source.get(pinnedUrl)).toBe(pem);
    expect(await source.get(signer.certUrl('eu-west-1'))).toBe(pem);
    expect(fetchFn).not.toHaveBeenCalled();
  });

  it('fetches what the pinned directory does not hold', async () => {
    const fetchFn = servePem();
    const source = createCertificateSource({ pinnedDir: signer.certsDir, fetch: fetchFn });
    expect(await source.get(urlFor(1))).toBe(pem);
    expect(fetchFn).toHaveBeenCalledWith(urlFor(1), expect.objectContaining({ redirect: 'error' }));
    expect(fetchFn.mock.calls[0]?.[1]?.signal).toBeInstanceOf(AbortSignal);
  });

  it('never opens a path outside the pinned directory', async () => {
    const fetchFn = vi.fn<typeof fetch>(async () => new Response('nope', { status: 404 }));
    const source = createCertificateSource({ pinnedDir: join(signer.certsDir, 'sub'), fetch: fetchFn });
    const url = `https://sns.us-east-1.amazonaws.com/sub/../${readdirSync(signer.certsDir)[0]}`;
    await expect(source.get(url)).rejects.toMatchObject({ code: 'SNS_CERT_UNAVAILABLE' });
    expect(fetchFn).toHaveBeenCalledOnce();
  });

  it('refuses a body that is not an X.509 certificate', async () => {
    const source = createCertificateSource({
      fetch: vi.fn<typeof fetch>(async () => new Response('<html>hi</html>')),
    });
    await expect(source.get(urlFor(1))).rejects.toMatchObject({ code: 'SNS_CERT_UNAVAILABLE' });
  });

  it('refuses an HTTP error', async () => {
    const source = createCertificateSource({
      fetch: vi.fn<typeof fetch>(async () => new Response(pem, { status: 404 })),
    });
    await expect(source.get(urlFor(1))).rejects.toThrow(/HTTP 404/);
  });

  it('stops reading a streamed body once it passes the size cap', async () => {
    let pulls = 0;
    let cancelled = false;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls += 1;
        controller.enqueue(new Uint8Array(1024).fill(65));
        // Ends eventually, so a missing cap fails this test instead of hanging it.
        if (pulls === 64) controller.close();
      },
      cancel() {
        cancelled = true;
      },
    });
    const source = createCertificateSource({
      fetch: vi.fn<typeof fetch>(async () => new Response(endless)),
      maxBytes: 4096,
    });
    await expect(source.get(urlFor(1))).rejects.toThrow(/larger than 4096 bytes/);
    expect(cancelled).toBe(true);
    expect(pulls).toBeLessThan(10);
  });

  it('refuses a declared Content-Length above the cap without reading', async () => {
    const response = new Response(pem, { headers: { 'content-length': '999999' } });
    const source = createCertificateSource({ fetch: vi.fn<typeof fetch>(async () => response) });
    await expect(source.get(urlFor(1))).rejects.toThrow(/larger than 16384 bytes/);
  });

  it('accepts a certificate at the default cap', async () => {
    const source = createCertificateSource({ fetch: servePem() });
    expect(pem.length).toBeLessThan(16 * 1024);
    expect(await source.get(urlFor(1))).toBe(pem);
  });

  it('gives up on a fetch that never answers', async () => {
    const source = createCertificateSource({
      fetch: vi.fn<typeof fetch>(() => new Promise(() => {})),
      timeoutMs: 20,
    });
    await expect(source.get(urlFor(1))).rejects.toThrow(/timed out after 20 ms/);
  });

  it('gives up on a body that never ends', async () => {
    const stalled = new ReadableStream<Uint8Array>({ pull: () => new Promise(() => {}) });
    const source = createCertificateSource({
      fetch: vi.fn<typeof fetch>(async () => new Response(stalled)),
      timeoutMs: 20,
    });
    await expect(source.get(urlFor(1))).rejects.toMatchObject({ code: 'SNS_CERT_UNAVAILABLE' });
  });

  it('caches, evicting the least recently used beyond its bound', async () => {
    const fetchFn = servePem();
    const source = createCertificateSource({ fetch: fetchFn, cacheSize: 2 });
    const fetched = () => fetchFn.mock.calls.map(([url]) => url);

    await source.get(urlFor(1));
    await source.get(urlFor(2));
    await source.get(urlFor(1)); // hit; 2 is now the least recently used
    expect(fetched()).toEqual([urlFor(1), urlFor(2)]);

    await source.get(urlFor(3)); // evicts 2
    await source.get(urlFor(1));
    await source.get(urlFor(3));
    expect(fetched()).toEqual([urlFor(1), urlFor(2), urlFor(3)]);

    await source.get(urlFor(2)); // was evicted, so fetched again
    expect(fetched()).toEqual([urlFor(1), urlFor(2), urlFor(3), urlFor(2)]);
  });

  it('shares one fetch among concurrent gets of the same URL', async () => {
    let release!: (response: Response) => void;
    const fetchFn = vi.fn<typeof fetch>(() => new Promise<Response>((resolve) => (release = resolve)));
    const source = createCertificateSource({ fetch: fetchFn });
    const gets = [source.get(urlFor(1)), source.get(urlFor(1)), source.get(urlFor(1))];
    await Promise.resolve();
    release(new Response(pem));
    expect(await Promise.all(gets)).toEqual([pem, pem, pem]);
    expect(fetchFn).toHaveBeenCalledOnce();
  });

  it('does not cache a failure', async () => {
    const fetchFn = vi
      .fn<typeof fetch>()
      .mockResolvedValueOnce(new Response('busy', { status: 503 }))
      .mockResolvedValueOnce(new Response(pem));
    const source = createCertificateSource({ fetch: fetchFn });
    await expect(source.get(urlFor(1))).rejects.toMatchObject({ code: 'SNS_CERT_UNAVAILABLE' });
    expect(await source.get(urlFor(1))).toBe(pem);
  });
});
