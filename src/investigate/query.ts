import { isIP } from 'node:net';
import type { ParsedArgs } from '../../commands/args.js';
import { isAccountId, isRegionName } from '../aws/target.js';

/**
 * The `/ir trail` grammar: key=value options (parsed by commands/args.ts, values may be quoted) turned into a
 * validated TrailQuery. Pure: the clock and the defaults are passed in.
 *
 * Choices a responder may wonder about:
 * - `since` older than 90 days is refused, not clamped: LookupEvents keeps 90 days of management events, and a
 *   silently shortened window would read as "nothing happened" for the part it dropped. Older history lives in the
 *   trail's S3 logs (Athena, CloudTrail Lake).
 * - `until` later than now is clamped to now (nothing can be recorded in the future, so nothing is lost).
 * - Without `since`, the default window (24h) ends at `until`: `until=<last Tuesday noon>` searches the day
 *   before it, not an empty range.
 * - Times without an offset are UTC, whatever the bot's host time zone is.
 * - `source=iam` is short for `source=iam.amazonaws.com`.
 * - `event=` and `region=` take comma-separated lists.
 */

export const TRAIL_OPTIONS: readonly string[] = [
  'user',
  'key',
  'event',
  'source',
  'resource',
  'type',
  'readonly',
  'ip',
  'error',
  'since',
  'until',
  'region',
  'account',
  'limit',
  'inc',
];

export interface TrailQuery {
  /** IAM user name, role session name or `root` (CloudTrail's Username); the role name also matches client-side. */
  user?: string;
  /** An access key id, AKIA… (long-term) or ASIA… (temporary). */
  key?: string;
  events?: string[];
  /** e.g. iam.amazonaws.com */
  source?: string;
  /** A resource name or ARN, e.g. i-0abc… or arn:aws:s3:::bucket. */
  resource?: string;
  /** e.g. AWS::EC2::Instance */
  resourceType?: string;
  readOnly?: boolean;
  /** An IPv4 or IPv6 address, or a CIDR block. */
  ip?: string;
  /** true: any error; a string: that error code. */
  error?: true | string;
  since: Date;
  until: Date;
  /** At least one, deduplicated, in the order given. */
  regions: string[];
  account?: string;
  limit: number;
}

export interface TrailDefaults {
  /** The region when the command gives none (the incident's, or the bot's default). */
  region?: string;
  defaultLimit: number;
  limitCap: number;
  /** A duration such as '24h'; defaults to 24h. */
  defaultSince?: string;
}

export type TrailQueryResult = { ok: true; query: TrailQuery } | { ok: false; problem: string };

export const TRAIL_USAGE =
  '/ir trail [user=NAME] [key=AKIA…|ASIA…] [event=EventName[,EventName…]] [source=iam.amazonaws.com] ' +
  '[resource=i-…|NAME|ARN] [type=AWS::EC2::Instance] [readonly=true|false] [ip=ADDRESS|CIDR] [error=true|CODE] ' +
  '[since=2h|7d|ISO-8601] [until=ISO-8601] [region=REGION[,REGION…]] [account=ACCOUNT_ID] [limit=N] [inc=INCIDENT]';

export const TRAIL_EXAMPLES: string[] = [
  '/ir trail user=alice since=2h',
  '/ir trail key=AKIAIOSFODNN7EXAMPLE since=7d',
  '/ir trail event=ConsoleLogin error=true since=24h',
  '/ir trail resource=i-0123456789abcdef0 readonly=false since=6h',
  '/ir trail source=iam.amazonaws.com readonly=false since=1d',
  '/ir trail ip=203.0.113.0/24 since=3d region=eu-west-1,us-east-1',
  '/ir trail error=AccessDenied since=1h limit=200',
  '/ir trail event=StopLogging,DeleteTrail,UpdateTrail since="2026-11-20T00:00:00Z" until="2026-11-26T12:00:00Z"',
];

/** LookupEvents' reach for management events. */
export const LOOKUP_RETENTION_DAYS = 90;
const DAY_MS = 86_400_000;
const MAX_EVENT_NAMES = 20;
const MAX_REGIONS = 10;

const DURATION = /^(\d{1,6})(m|h|d|w)$/;
const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: DAY_MS, w: 7 * DAY_MS };
const ISO_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;
const ACCESS_KEY = /^(AKIA|ASIA)[A-Z0-9]{12,124}$/;
// IAM user names and role session names use [\w+=,.@-]; Identity Center session names are e-mail addresses.
const USER_NAME = /^[\w+=,.@-]{1,128}$/;
// EC2 logs some API names with dots or underscores; nothing else is needed and nothing else is let through.
const EVENT_NAME = /^[A-Za-z][\w.-]{0,127}$/;
const EVENT_SOURCE = /^[a-z0-9][a-z0-9.-]{0,127}$/;
const RESOURCE_TYPE = /^[A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+$/;
const ERROR_CODE = /^[A-Za-z][\w.:-]{0,127}$/;
// Resource names and ARNs: anything printable, but no control characters and a bounded length.
const RESOURCE = /^[^\p{Cc}]{1,2048}$/u;

type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };
const good = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = (problem: string): { ok: false; problem: string } => ({ ok: false, problem });

/** Quotes untrusted input for a problem message, bounded so a pasted blob cannot flood the reply. */
function shown(value: string): string {
  const short = value.length > 60 ? `${value.slice(0, 60)}…` : value;
  return `\`${short.replaceAll('`', "'")}\``;
}

/** "2h" (before `now`) or an ISO-8601 time; undefined when it is neither. */
export function parseTime(value: string, now: Date): Date | undefined {
  const duration = DURATION.exec(value);
  if (duration) return new Date(now.getTime() - Number(duration[1]) * UNIT_MS[duration[2]!]!);
  const iso = ISO_TIME.exec(value);
  if (!iso) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00', fraction = '', zone] = iso;
  const offset =
    zone === undefined || zone.toUpperCase() === 'Z' ? 'Z' : zone.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
  const date = new Date(
    `${y}-${mo}-${d}T${h}:${mi}:${s}${fraction ? `.${fraction.slice(0, 3)}` : ''}${offset}`,
  );
  if (Number.isNaN(date.getTime())) return undefined;
  // Date rolls 2026-02-30 over into March; a date that does not exist is a typo, not a time.
  const days = new Date(Date.UTC(Number(y), Number(mo), 0)).getUTCDate();
  if (Number(mo) < 1 || Number(mo) > 12 || Number(d) < 1 || Number(d) > days) return undefined;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  return date;
}

function parseKey(value: string): Parsed<string> {
  return ACCESS_KEY.test(value)
    ? good(value)
    : bad(
        `${shown(value)} is not an access key id: one starts with AKIA (long-term) or ASIA (temporary) followed by upper-case letters and digits, 16 to 128 characters in all`,
      );
}

/** An address or a CIDR block, normalised to "address/prefix" only when a prefix was given. */
export function parseIpFilter(value: string): Parsed<string> {
  const [address = '', prefix, extra] = value.split('/');
  const family = isIP(address);
  const problem = bad(
    `${shown(value)} is not an IP address or CIDR block, such as 203.0.113.7, 203.0.113.0/24 or 2001:db8::/32`,
  );
  if (family === 0 || extra !== undefined) return problem;
  if (prefix === undefined) return good(address);
  const max = family === 4 ? 32 : 128;
  if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > max) return problem;
  return good(`${address}/${Number(prefix)}`);
}

function parseBoolean(name: string, value: string): Parsed<boolean> {
  const lower = value.toLowerCase();
  if (lower === 'true') return good(true);
  if (lower === 'false') return good(false);
  return bad(`\`${name}=\` takes true or false, not ${shown(value)}`);
}

function parseError(value: string): Parsed<true | string> {
  const lower = value.toLowerCase();
  if (lower === 'true' || lower === 'any') return good(true);
  if (lower === 'false') {
    return bad('`error=false` is not a filter; leave `error=` out to see successful and failed calls');
  }
  return ERROR_CODE.test(value)
    ? good(value)
    : bad(
        `${shown(value)} is not an error code such as AccessDenied or Client.UnauthorizedOperation; use error=true for any error`,
      );
}

function parseList(
  name: string,
  value: string,
  max: number,
  check: (item: string) => boolean,
  what: string,
): Parsed<string[]> {
  const items = [
    ...new Set(
      value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean),
    ),
  ];
  if (items.length === 0) return bad(`\`${name}=\` needs a value`);
  if (items.length > max) return bad(`\`${name}=\` takes at most ${max} values, not ${items.length}`);
  const wrong = items.find((item) => !check(item));
  return wrong === undefined ? good(items) : bad(`${shown(wrong)} is not ${what}`);
}

function parseSource(value: string): Parsed<string> {
  const lower = value.toLowerCase();
  if (!EVENT_SOURCE.test(lower)) {
    return bad(`${shown(value)} is not an event source such as iam.amazonaws.com or ec2.amazonaws.com`);
  }
  return good(lower.includes('.') ? lower : `${lower}.amazonaws.com`);
}

function parseLimit(value: string, cap: number): Parsed<number> {
  if (!/^\d{1,9}$/.test(value) || Number(value) < 1) {
    return bad(`\`limit=\` takes a positive whole number, not ${shown(value)}`);
  }
  const limit = Number(value);
  if (limit > cap)
    return bad(
      `\`limit=${limit}\` is over the cap of ${cap} events per search; narrow the query or lower the limit`,
    );
  return good(limit);
}

/**
 * `until` defaults to now. `since` given as a duration counts back from now ("since=2h" is two hours ago); left
 * out, it is the default window back from `until`, so `until=<a day last week>` alone searches the day before it.
 */
function parseRange(
  options: Record<string, string>,
  now: Date,
  defaultSince: string,
): Parsed<{ since: Date; until: Date }> {
  const oldest = now.getTime() - LOOKUP_RETENTION_DAYS * DAY_MS;
  const history = `CloudTrail event history covers the last ${LOOKUP_RETENTION_DAYS} days only; for older events query the trail's logs in S3 (Athena) or CloudTrail Lake`;
  let until = now;
  if (options.until !== undefined) {
    const parsed = parseTime(options.until, now);
    if (!parsed) {
      return bad(
        `\`until=\` takes an ISO-8601 time such as 2026-11-26T12:00:00Z or a duration ago such as 1h, not ${shown(options.until)}`,
      );
    }
    if (parsed.getTime() < oldest)
      return bad(`\`until=\` is before ${isoSeconds(new Date(oldest))}: ${history}`);
    until = parsed.getTime() > now.getTime() ? now : parsed;
  }
  let since: Date | undefined;
  if (options.since !== undefined) {
    since = parseTime(options.since, now);
    if (!since) {
      return bad(
        `\`since=\` takes a duration such as 15m, 2h, 7d or 1w, or an ISO-8601 time such as 2026-11-26T10:00:00Z, not ${shown(options.since)}`,
      );
    }
    if (since.getTime() < oldest)
      return bad(`\`since=\` reaches back before ${isoSeconds(new Date(oldest))}: ${history}`);
  } else {
    const fallback = parseTime(defaultSince, until);
    if (!fallback)
      return bad(`the default search window ${shown(defaultSince)} is not a duration such as 24h`);
    // A default reaching past the history is cut to it: nobody asked for those days.
    since = new Date(Math.max(fallback.getTime(), oldest));
  }
  if (since.getTime() > now.getTime()) return bad(`\`since=\` (${isoSeconds(since)}) is in the future`);
  if (until.getTime() <= since.getTime()) {
    return bad(
      `the time range is empty: until (${isoSeconds(until)}) is not after since (${isoSeconds(since)})`,
    );
  }
  return good({ since, until });
}

export function parseTrailQuery(args: ParsedArgs, now: Date, defaults: TrailDefaults): TrailQueryResult {
  if (args.positional.length > 0) {
    const words = args.positional.map(shown).join(', ');
    return bad(
      `${words} ${args.positional.length > 1 ? 'are' : 'is'} not an option: \`/ir trail\` takes key=value options only, such as user=alice or event=ConsoleLogin`,
    );
  }
  const o = args.options;
  const criteria = Object.keys(o).filter((key) => key !== 'inc');
  if (criteria.length === 0) {
    return bad(`say what to look for, for example \`${TRAIL_EXAMPLES[0]}\` or \`${TRAIL_EXAMPLES[2]}\``);
  }
  const query: Partial<TrailQuery> = {};
  const steps: (() => { ok: false; problem: string } | undefined)[] = [
    () =>
      take(
        o.user,
        (v) =>
          USER_NAME.test(v) ? good(v) : bad(`${shown(v)} is not an IAM user, role session or \`root\` name`),
        (v) => {
          query.user = v;
        },
      ),
    () =>
      take(o.key, parseKey, (v) => {
        query.key = v;
      }),
    () =>
      take(
        o.event,
        (v) =>
          parseList(
            'event',
            v,
            MAX_EVENT_NAMES,
            (e) => EVENT_NAME.test(e),
            'a CloudTrail event name such as ConsoleLogin',
          ),
        (v) => {
          query.events = v;
        },
      ),
    () =>
      take(o.source, parseSource, (v) => {
        query.source = v;
      }),
    () =>
      take(
        o.resource,
        (v) => (RESOURCE.test(v) ? good(v) : bad(`${shown(v)} is not a resource name or ARN`)),
        (v) => {
          query.resource = v;
        },
      ),
    () =>
      take(
        o.type,
        (v) =>
          RESOURCE_TYPE.test(v)
            ? good(v)
            : bad(`${shown(v)} is not a resource type such as AWS::EC2::Instance`),
        (v) => {
          query.resourceType = v;
        },
      ),
    () =>
      take(
        o.readonly,
        (v) => parseBoolean('readonly', v),
        (v) => {
          query.readOnly = v;
        },
      ),
    () =>
      take(o.ip, parseIpFilter, (v) => {
        query.ip = v;
      }),
    () =>
      take(o.error, parseError, (v) => {
        query.error = v;
      }),
    () =>
      take(
        o.region,
        (v) =>
          parseList(
            'region',
            v.toLowerCase(),
            MAX_REGIONS,
            isRegionName,
            'an AWS region name such as us-east-1 or eu-west-2',
          ),
        (v) => {
          query.regions = v;
        },
      ),
    () =>
      take(
        o.account,
        (v) => (isAccountId(v) ? good(v) : bad(`${shown(v)} is not an AWS account id (12 digits)`)),
        (v) => {
          query.account = v;
        },
      ),
    () =>
      take(
        o.limit,
        (v) => parseLimit(v, defaults.limitCap),
        (v) => {
          query.limit = v;
        },
      ),
  ];
  for (const step of steps) {
    const problem = step();
    if (problem) return problem;
  }
  const range = parseRange(o, now, defaults.defaultSince ?? '24h');
  if (!range.ok) return range;
  if (query.regions === undefined) {
    if (defaults.region === undefined) {
      return bad(
        'no region: say which with `region=`, such as region=eu-west-1 (several: region=eu-west-1,us-east-1)',
      );
    }
    query.regions = [defaults.region];
  }
  return {
    ok: true,
    query: {
      ...query,
      since: range.value.since,
      until: range.value.until,
      regions: query.regions,
      limit: query.limit ?? Math.min(defaults.defaultLimit, defaults.limitCap),
    },
  };
}

function take<T>(
  raw: string | undefined,
  parse: (value: string) => Parsed<T>,
  set: (value: T) => void,
): { ok: false; problem: string } | undefined {
  if (raw === undefined) return undefined;
  const parsed = parse(raw.trim());
  if (!parsed.ok) return parsed;
  set(parsed.value);
  return undefined;
}

/** 2026-11-26T10:00:00Z: seconds are the finest grain anyone types, and the Z says UTC plainly. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Quotes a value only when the tokenizer needs it to (spaces or quotes inside). */
function arg(key: string, value: string): string {
  if (!/[\s"'“”‘’]/.test(value)) return `${key}=${value}`;
  return value.includes('"') ? `${key}='${value}'` : `${key}="${value}"`;
}

/**
 * The query as canonical `/ir trail` text, options in a fixed order and times absolute: the same query always
 * reads the same on the timeline and in the report, and pasting it back runs the same search.
 */
export function describeTrailQuery(query: TrailQuery): string {
  const parts: string[] = [];
  if (query.user !== undefined) parts.push(arg('user', query.user));
  if (query.key !== undefined) parts.push(arg('key', query.key));
  if (query.events?.length) parts.push(arg('event', query.events.join(',')));
  if (query.source !== undefined) parts.push(arg('source', query.source));
  if (query.resource !== undefined) parts.push(arg('resource', query.resource));
  if (query.resourceType !== undefined) parts.push(arg('type', query.resourceType));
  if (query.readOnly !== undefined) parts.push(`readonly=${query.readOnly}`);
  if (query.ip !== undefined) parts.push(arg('ip', query.ip));
  if (query.error !== undefined) parts.push(arg('error', query.error === true ? 'true' : query.error));
  parts.push(`since=${isoSeconds(query.since)}`, `until=${isoSeconds(query.until)}`);
  parts.push(`region=${query.regions.join(',')}`);
  if (query.account !== undefined) parts.push(`account=${query.account}`);
  parts.push(`limit=${query.limit}`);
  return parts.join(' ');
}
