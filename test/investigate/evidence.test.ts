import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  buildEvidenceFiles,
  CSV_COLUMNS,
  evidenceStamp,
  neutraliseCell,
  parseJsonLines,
  toCsv,
  toJsonLines,
} from '../../src/investigate/evidence.js';
import { assumedRoleCall, iamUserCall } from './trail-records.js';

/** RFC 4180 as csv-stringify writes it: quoted cells may hold commas, quotes ("") and line breaks. */
function parse(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(cell);
      cell = '';
    } else if (char === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 1;
    } else cell += char;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

describe('evidence files', () => {
  it('neutralises every cell a spreadsheet would evaluate (OWASP: = + - @ tab CR)', () => {
    for (const cell of ['=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1', '=HYPERLINK("http://evil","x")'])
      expect(neutraliseCell(cell)).toBe(`'${cell}`);
    for (const cell of ['alice', '203.0.113.7', '', ' =not first', "'quoted"])
      expect(neutraliseCell(cell)).toBe(cell);
  });

  it('writes a CSV through the CSV library whose hostile cells read back as text', () => {
    const record = iamUserCall({
      userAgent: '=HYPERLINK("https://evil.example","open")',
      eventName: "+cmd|' /C calc'!A0",
      sourceIPAddress: '-2+3',
      errorMessage: '@SUM(1,2)\nsecond line, "quoted"',
      errorCode: '\tAccessDenied',
    });
    const csv = toCsv([record], [['rule-a', 'rule-b']]);
    const rows = parse(csv) as string[][];
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    const row = Object.fromEntries(CSV_COLUMNS.map((column, i) => [column, rows[1]![i]!]));
    expect(row.userAgent).toBe('\'=HYPERLINK("https://evil.example","open")');
    expect(row.eventName).toBe("'+cmd|' /C calc'!A0");
    expect(row.sourceIPAddress).toBe("'-2+3");
    expect(row.errorMessage).toBe('\'@SUM(1,2)\nsecond line, "quoted"');
    expect(row.errorCode).toBe("'\tAccessDenied");
    expect(row.principal).toBe('arn:aws:iam::123456789012:user/alice');
    expect(row.flagged).toBe('rule-a rule-b');
    for (const cell of rows.slice(1).flat()) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('writes JSON Lines that read back to the same records, one per line', () => {
    const records = [
      iamUserCall({ errorMessage: 'has a\nnewline and a \u2028 separator' }),
      assumedRoleCall(),
    ];
    const text = toJsonLines(records);
    expect(text.split('\n').filter(Boolean)).toHaveLength(2);
    expect(parseJsonLines(text)).toEqual(records);
    expect(toJsonLines([])).toBe('');
  });

  it('names both files after the search and gives their SHA-256 and size', () => {
    const stamp = evidenceStamp(new Date('2026-11-26T10:15:00.123Z'));
    expect(stamp).toBe('20261126T101500123Z');
    const files = buildEvidenceFiles(stamp, [iamUserCall()]);
    expect(files.map((file) => file.name)).toEqual([`${stamp}-trail.jsonl`, `${stamp}-trail.csv`]);
    for (const file of files) {
      expect(file.sha256).toBe(createHash('sha256').update(file.content).digest('hex'));
      expect(file.bytes).toBe(file.content.length);
    }
  });
});
