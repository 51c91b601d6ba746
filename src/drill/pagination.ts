import { AwsFault } from './errors.js';

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

/** Opaque offset tokens, enough for SDK paginators to walk the whole list. */
export function paginate<T>(
  items: readonly T[],
  maxResults: number | undefined,
  token: string | undefined,
  invalidTokenCode = 'InvalidPaginationToken',
): Page<T> {
  let start = 0;
  if (token) {
    const decoded = Number.parseInt(Buffer.from(token, 'base64url').toString('utf8'), 10);
    if (!Number.isInteger(decoded) || decoded < 0) {
      throw new AwsFault(invalidTokenCode, `Invalid pagination token: ${token}`);
    }
    start = decoded;
  }
  if (!maxResults) return { items: items.slice(start) };
  const end = start + maxResults;
  const page = items.slice(start, end);
  return end < items.length
    ? { items: page, nextToken: Buffer.from(String(end), 'utf8').toString('base64url') }
    : { items: page };
}
