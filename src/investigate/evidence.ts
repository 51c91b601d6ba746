import { createHash } from 'node:crypto';
import { stringify } from 'csv-stringify/sync';
import { type CloudTrailRecord, principalOf } from './record.js';

/**
 * The raw result of a CloudTrail search as evidence files. Pure: bytes in, bytes out.
 *
 * - JSON Lines: one CloudTrail record per line, exactly as CloudTrail wrote it (the `CloudTrailEvent` JSON), so
 *   `jq` and any SIEM read it and nothing is lost to our own summarising.
 * - CSV: the columns a responder sorts and filters in a spreadsheet, written by csv-stringify (quoting, embedded
 *   newlines) and defended against formula injection: CloudTrail fields are attacker-influenced (a user agent of
 *   `=HYPERLINK(…)` is one API call away), so every cell that a spreadsheet would evaluate is prefixed with `'`
 *   (OWASP's advice: `=`, `+`, `-`, `@`, tab and carriage return at the start of a cell).
 */

export interface EvidenceFile {
  name: string;
  content: Buffer;
  sha256: string;
  bytes: number;
}

export const CSV_COLUMNS = [
  'eventTime',
  'eventName',
  'eventSource',
  'principal',
  'userIdentityType',
  'accessKeyId',
  'sourceIPAddress',
  'userAgent',
  'awsRegion',
  'errorCode',
  'errorMessage',
  'readOnly',
  'resources',
  'recipientAccountId',
  'eventID',
  'flagged',
] as const;

const FORMULA_START = /^[=+\-@\t\r]/;

/** A cell a spreadsheet will show as text, never evaluate. */
export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export function sha256Hex(content: Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

function file(name: string, text: string): EvidenceFile {
  const content = Buffer.from(text, 'utf8');
  return { name, content, sha256: sha256Hex(content), bytes: content.length };
}

/** One record per line. JSON.stringify escapes line breaks inside strings, so a record never spans two lines. */
export function toJsonLines(records: readonly CloudTrailRecord[]): string {
  return records.map((record) => `${JSON.stringify(record)}\n`).join('');
}

export function parseJsonLines(text: string): CloudTrailRecord[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as CloudTrailRecord);
}

const str = (value: unknown): string => {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
};

function resourcesCell(record: CloudTrailRecord): string {
  const resources = Array.isArray(record.resources) ? record.resources : [];
  return resources
    .map((resource) =>
      typeof resource === 'object' && resource !== null ? str(resource.ARN ?? resource.type) : '',
    )
    .filter(Boolean)
    .join(' ');
}

function row(record: CloudTrailRecord, flagged: string): string[] {
  const identity =
    typeof record.userIdentity === 'object' && record.userIdentity !== null ? record.userIdentity : {};
  const cells: Record<(typeof CSV_COLUMNS)[number], string> = {
    eventTime: str(record.eventTime),
    eventName: str(record.eventName),
    eventSource: str(record.eventSource),
    principal: principalOf(record),
    userIdentityType: str(identity.type),
    accessKeyId: str(identity.accessKeyId),
    sourceIPAddress: str(record.sourceIPAddress),
    userAgent: str(record.userAgent),
    awsRegion: str(record.awsRegion),
    errorCode: str(record.errorCode),
    errorMessage: str(record.errorMessage),
    readOnly: str(record.readOnly),
    resources: resourcesCell(record),
    recipientAccountId: str(record.recipientAccountId),
    eventID: str(record.eventID),
    flagged,
  };
  return CSV_COLUMNS.map((column) => neutraliseCell(cells[column]));
}

/** `flaggedBy[i]` lists the rule ids that flagged record i (empty when none). */
export function toCsv(records: readonly CloudTrailRecord[], flaggedBy: readonly string[][] = []): string {
  const rows = records.map((record, i) => row(record, (flaggedBy[i] ?? []).join(' ')));
  return stringify([[...CSV_COLUMNS], ...rows], { record_delimiter: '\r\n' });
}

/** Both files, named from the search's timestamp (e.g. 20261126T101500123Z-trail.jsonl). */
export function buildEvidenceFiles(
  stamp: string,
  records: readonly CloudTrailRecord[],
  flaggedBy: readonly string[][] = [],
): EvidenceFile[] {
  return [
    file(`${stamp}-trail.jsonl`, toJsonLines(records)),
    file(`${stamp}-trail.csv`, toCsv(records, flaggedBy)),
  ];
}

/** A timestamp usable as a file name and sortable: 2026-11-26T10:15:00.123Z → 20261126T101500123Z. */
export function evidenceStamp(at: Date): string {
  return at.toISOString().replace(/[-:.]/g, '');
}
