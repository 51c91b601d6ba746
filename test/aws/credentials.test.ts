import { describe, expect, it } from 'vitest';
import { shareCredentials } from '../../src/aws/credentials.js';

const MINUTE = 60_000;

function countingProvider(expiresIn: number, now: () => number) {
  let calls = 0;
  const provider = async () => {
    calls += 1;
    return { accessKeyId: `ASIA${calls}`, secretAccessKey: 's', expiration: new Date(now() + expiresIn) };
  };
  return { provider, calls: () => calls };
}

describe('shareCredentials', () => {
  it('shares one fetch between concurrent and later callers while the credentials are fresh', async () => {
    let clock = 0;
    const source = countingProvider(15 * MINUTE, () => clock);
    const shared = shareCredentials(source.provider, () => clock);

    const [a, b] = await Promise.all([shared(), shared()]);
    clock += 9 * MINUTE;
    const c = await shared();

    expect(source.calls()).toBe(1);
    expect(new Set([a.accessKeyId, b.accessKeyId, c.accessKeyId])).toEqual(new Set(['ASIA1']));
  });

  it('fetches again within five minutes of expiry', async () => {
    let clock = 0;
    const source = countingProvider(15 * MINUTE, () => clock);
    const shared = shareCredentials(source.provider, () => clock);

    await shared();
    clock += 11 * MINUTE;
    expect((await shared()).accessKeyId).toBe('ASIA2');
    expect((await shared()).accessKeyId).toBe('ASIA2');
    expect(source.calls()).toBe(2);
  });

  it('does not keep a failure', async () => {
    let fail = true;
    const shared = shareCredentials(async () => {
      if (fail) throw new Error('AccessDenied');
      return { accessKeyId: 'ASIAOK', secretAccessKey: 's' };
    });

    await expect(shared()).rejects.toThrow('AccessDenied');
    fail = false;
    expect((await shared()).accessKeyId).toBe('ASIAOK');
  });
});
