import { FirebreakError } from '../errors.js';
import { classify, type Family, type AwsErrorShape as Shape } from './classify.js';
import { sanitizeAwsMessage } from './sanitize.js';

/**
 * A failed AWS call, translated. `awsCode` and `requestId` go on the timeline next to the responder-facing
 * message, so an AWS support case or a CloudTrail search can find the exact request.
 */
export class AwsCallError extends FirebreakError {
  readonly awsCode?: string;
  readonly requestId?: string;

  constructor(
    code: string,
    message: string,
    options: { cause?: unknown; awsCode?: string; requestId?: string } = {},
  ) {
    super(code, message, { cause: options.cause });
    this.name = 'AwsCallError';
    this.awsCode = options.awsCode;
    this.requestId = options.requestId;
  }
}

const GENERIC_NAMES = new Set(['Error', 'TypeError', 'RangeError', 'SyntaxError', 'FirebreakError']);

/** The AWS (or socket) error code, whichever field this particular SDK path put it in. */
export function awsErrorCode(error: unknown): string | undefined {
  if (!isObject(error)) return undefined;
  const e = error as Shape;
  if (error instanceof AwsCallError) return error.awsCode;
  // A FirebreakError's `code` is ours, not AWS's.
  if (error instanceof FirebreakError) return undefined;
  if (nonEmpty(e.Code)) return e.Code;
  if (nonEmpty(e.name) && !GENERIC_NAMES.has(e.name)) return e.name;
  if (nonEmpty(e.code)) return e.code;
  return undefined;
}

/** A DryRun=true call that AWS would have allowed; works on raw SDK errors and on translated ones. */
export function isDryRunSuccess(error: unknown): boolean {
  return awsErrorCode(error) === 'DryRunOperation';
}

/** The AWS request id of an SDK result or error (or of an AwsCallError). */
export function requestIdOf(resultOrError: unknown): string | undefined {
  if (resultOrError instanceof AwsCallError) return resultOrError.requestId;
  if (!isObject(resultOrError)) return undefined;
  const e = resultOrError as Shape;
  // The SDK takes the id from the x-amzn-requestid header; when a proxy or emulator drops it, query-protocol
  // errors still carry the body's <RequestId>.
  const id = e.$metadata?.requestId ?? e.RequestId;
  return nonEmpty(id) ? id : undefined;
}

const CODES: Record<Family, string> = {
  credentials: 'AWS_CREDENTIALS',
  throttled: 'AWS_THROTTLED',
  denied: 'AWS_ACCESS_DENIED',
  timeout: 'AWS_TIMEOUT',
  unreachable: 'AWS_UNREACHABLE',
  notFound: 'AWS_NOT_FOUND',
  conflict: 'AWS_CONFLICT',
  limit: 'AWS_LIMIT',
  invalid: 'AWS_INVALID',
  unavailable: 'AWS_UNAVAILABLE',
  other: 'AWS_ERROR',
};

/**
 * Translates an SDK, credential or socket error into a FirebreakError a responder can act on.
 * `what` names the call and its target ("ec2:ModifyNetworkInterfaceAttribute on eni-123"); leading with the
 * operation lets the access-denied message name the missing permission.
 */
export function toFirebreakError(error: unknown, what: string): AwsCallError {
  if (error instanceof FirebreakError) {
    // Already translated (an assume-role failure surfacing through a later call): keep its code, add context.
    return new AwsCallError(error.code, `${what}: ${error.message}`, {
      cause: error,
      awsCode: awsErrorCode(error),
      requestId: requestIdOf(error),
    });
  }
  const e = (isObject(error) ? error : {}) as Shape;
  const code = awsErrorCode(error);
  const rawMessage = typeof e.message === 'string' ? e.message : '';
  const family = classify(e, code, rawMessage);
  const said = awsSaid(rawMessage, code);
  const shown =
    code ??
    (typeof e.$metadata?.httpStatusCode === 'number' ? `HTTP ${e.$metadata.httpStatusCode}` : 'no code');
  const message = describe(family, { what, code: shown, said, error, rawMessage });
  return new AwsCallError(CODES[family], message, {
    cause: error,
    awsCode: code,
    requestId: requestIdOf(error),
  });
}

interface Facts {
  what: string;
  code: string;
  said: string;
  error: unknown;
  rawMessage: string;
}

function describe(family: Family, f: Facts): string {
  switch (family) {
    case 'credentials':
      return `Firebreak has no valid AWS credentials for ${f.what} (${f.code}): check its instance or task role, AWS_PROFILE or environment credentials, and that the host clock is right.${f.said}`;
    case 'throttled':
      return `AWS throttled ${f.what} (${f.code})${attemptsOf(f.error)}; the request was not applied. Wait a minute and try again.`;
    case 'denied':
      if (/explicit deny/i.test(f.rawMessage)) {
        return `${f.what} is blocked by an explicit deny (${f.code}), for example in a service control policy, a permissions boundary or the role's own policies; adding a permission will not help, the deny must exempt the responder role.${f.said}`;
      }
      return `Firebreak's role is not allowed to run ${f.what} (${f.code}): add the permission ${permissionFor(f.error, f.what, f.rawMessage)} to the responder role; see docs/iam-policy.json.${f.said}`;
    case 'timeout':
      return `AWS did not answer ${f.what} in time (${f.code}); it may or may not have been applied, so re-read the state before retrying.`;
    case 'unreachable':
      return `Firebreak could not reach AWS for ${f.what} (${f.code}): check the network, proxy and AWS endpoint settings. If the connection broke mid-request, re-read the state before retrying.`;
    case 'notFound':
      return `AWS does not know a resource named in ${f.what} (${f.code}): it may have been deleted, or live in another account or region; check the id.${f.said}`;
    case 'conflict':
      return `${f.what} conflicts with the resource's current state (${f.code}); re-read it and try again.${f.said}`;
    case 'limit':
      return `${f.what} hit an AWS limit or quota (${f.code}); free capacity or raise the quota, then try again.${f.said}`;
    case 'invalid':
      return `AWS rejected ${f.what} as invalid (${f.code}); check the ids and arguments.${f.said}`;
    case 'unavailable':
      return `AWS failed internally on ${f.what} (${f.code})${attemptsOf(f.error)}; it may or may not have been applied, so re-read the state and try again.`;
    case 'other':
      return `${f.what} failed with AWS error ${f.code}.${f.said}`;
  }
}

/**
 * Each SDK package's exception base class, by name: matching names keeps the SDK packages out of this module,
 * which everything that calls AWS imports (the EC2 package alone costs about 100 MB of memory).
 */
const SERVICE_PREFIXES: Readonly<Record<string, string>> = {
  EC2ServiceException: 'ec2',
  IAMServiceException: 'iam',
  AutoScalingServiceException: 'autoscaling',
  STSServiceException: 'sts',
  CloudTrailServiceException: 'cloudtrail',
  CloudWatchServiceException: 'cloudwatch',
};

function servicePrefixOf(error: unknown): string | undefined {
  let prototype: unknown = isObject(error) ? Object.getPrototypeOf(error) : null;
  while (isObject(prototype) && prototype !== Object.prototype) {
    const name = (prototype as { constructor?: { name?: string } }).constructor?.name;
    const prefix = name === undefined ? undefined : SERVICE_PREFIXES[name];
    if (prefix) return prefix;
    prototype = Object.getPrototypeOf(prototype);
  }
  return undefined;
}

/** The IAM action to grant: from AWS's own message when it says, else the service of the error plus `what`'s operation. */
function permissionFor(error: unknown, what: string, rawMessage: string): string {
  const fromMessage = /perform: ([a-z0-9-]+:[A-Za-z0-9*]+)/.exec(rawMessage)?.[1];
  if (fromMessage) return fromMessage;
  const qualified = /^([a-z0-9-]+:[A-Z][A-Za-z0-9]+)\b/.exec(what)?.[1];
  if (qualified) return qualified;
  const operation = /^([A-Z][A-Za-z0-9]+)\b/.exec(what)?.[1];
  const prefix = servicePrefixOf(error);
  if (operation && prefix) return `${prefix}:${operation}`;
  return operation ? `for ${operation}` : `that ${what} needs`;
}

function attemptsOf(error: unknown): string {
  const attempts = isObject(error) ? (error as Shape).$metadata?.attempts : undefined;
  return typeof attempts === 'number' && attempts > 1 ? ` after ${attempts} attempts` : '';
}

function awsSaid(rawMessage: string, code: string | undefined): string {
  const clean = sanitizeAwsMessage(rawMessage);
  if (!clean || clean === code || clean === 'UnknownError') return '';
  return ` AWS said: "${clean}"`;
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}
