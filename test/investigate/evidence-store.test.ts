import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEvidenceStore, evidencePath } from '../../src/investigate/evidence-store.js';

let dir: string;
let root: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'firebreak-evidence-'));
  root = join(dir, 'evidence');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string, text: string) => ({ name, content: Buffer.from(text) });

describe('the evidence store', () => {
  it('writes files under <root>/<incident>/ with mode 0600, no temporary file left, and reads them back', async () => {
    const store = createEvidenceStore(root);
    const paths = await store.write('INC-12', [
      file('a-trail.jsonl', '{"x":1}\n'),
      file('a-trail.csv', 'h\r\n'),
    ]);
    expect(paths).toEqual([join(root, 'INC-12', 'a-trail.jsonl'), join(root, 'INC-12', 'a-trail.csv')]);
    expect(readFileSync(paths[0]!, 'utf8')).toBe('{"x":1}\n');
    expect(statSync(paths[0]!).mode & 0o777).toBe(0o600);
    expect(statSync(join(root, 'INC-12')).mode & 0o777).toBe(0o700);
    expect(readdirSync(join(root, 'INC-12')).sort()).toEqual(['a-trail.csv', 'a-trail.jsonl']);
    expect((await store.read('INC-12', 'a-trail.csv')).toString()).toBe('h\r\n');
  });

  it('never writes or reads outside the root, whatever the ids say', async () => {
    const store = createEvidenceStore(root);
    for (const folder of ['..', '../outside', '/etc', 'INC-1/../../x', '', '.', 'a\u0000b', '..\\x'])
      await expect(store.write(folder, [file('f.jsonl', 'x')])).rejects.toMatchObject({
        code: 'BAD_EVIDENCE_PATH',
      });
    for (const name of ['../f', '..', '/etc/passwd', 'a/b', '.hidden', ''])
      await expect(store.write('INC-1', [file(name, 'x')])).rejects.toMatchObject({
        code: 'BAD_EVIDENCE_PATH',
      });
    await expect(store.read('..', 'passwd')).rejects.toMatchObject({ code: 'BAD_EVIDENCE_PATH' });
    await expect(store.read('INC-1', '../../etc/passwd')).rejects.toMatchObject({
      code: 'BAD_EVIDENCE_PATH',
    });
    expect(existsSync(join(dir, 'outside'))).toBe(false);
    expect(existsSync(join(dir, 'f.jsonl'))).toBe(false);
    expect(() => evidencePath(root, 'INC-1', 'ok.csv')).not.toThrow();
  });

  it('says which file is missing instead of failing obscurely', async () => {
    const store = createEvidenceStore(root);
    await expect(store.read('INC-9', 'none-trail.jsonl')).rejects.toMatchObject({
      code: 'EVIDENCE_NOT_FOUND',
    });
  });

  it('replaces a file atomically when the same name is written again', async () => {
    const store = createEvidenceStore(root);
    await store.write('INC-2', [file('same.csv', 'first')]);
    await store.write('INC-2', [file('same.csv', 'second')]);
    expect(readFileSync(join(root, 'INC-2', 'same.csv'), 'utf8')).toBe('second');
    expect(readdirSync(join(root, 'INC-2'))).toEqual(['same.csv']);
  });
});
