/**
 * Which family an AWS, credential or socket error belongs to. The code lists are data so a new code is one line;
 * the order of the checks matters (RequestLimitExceeded is throttling, not a quota; SignatureDoesNotMatch is
 * credentials, not access denied).
 */

/** The fields the SDK, Node sockets and credential providers put on errors, all optional. */
export type AwsErrorShape = {
  name?: unknown;
  Code?: unknown;
  code?: unknown;
  message?: unknown;
  $fault?: unknown;
  $retryable?: { throttling?: unknown };
  $metadata?: { requestId?: unknown; httpStatusCode?: unknown; attempts?: unknown };
  RequestId?: unknown;
};

export type Family =
  | 'credentials'
  | 'throttled'
  | 'denied'
  | 'timeout'
  | 'unreachable'
  | 'notFound'
  | 'conflict'
  | 'limit'
  | 'invalid'
  | 'unavailable'
  | 'other';

const CREDENTIAL_CODES = new Set([
  'CredentialsProviderError',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'UnrecognizedClient',
  'UnrecognizedClientException',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'MissingAuthenticationToken',
  'RequestExpired',
  'TokenRefreshRequired',
]);
const THROTTLING_CODES = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottled',
  'RequestThrottledException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'SlowDown',
  'PriorRequestNotComplete',
  'EC2ThrottledException',
]);
const DENIED_CODES = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'AuthFailure',
  'UnauthorizedAccess',
]);
const TIMEOUT_CODES = new Set([
  'TimeoutError',
  'AbortError',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'RequestTimeout',
]);
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'NetworkingError',
]);
const CONFLICT_CODES = new Set([
  'IncorrectInstanceState',
  'IncorrectState',
  'InvalidState',
  'ConcurrentModification',
  'DeleteConflict',
  'EntityAlreadyExists',
  'DependencyViolation',
  'ResourceInUse',
  'ResourceContention',
  'ScalingActivityInProgress',
]);
const INVALID_CODES = new Set([
  'ValidationError',
  'Validation',
  'MissingParameter',
  'InvalidInput',
  'MalformedPolicyDocument',
  'UnmodifiableEntity',
]);
const UNAVAILABLE_CODES = new Set([
  'InternalError',
  'InternalFailure',
  'InternalServerError',
  'ServiceUnavailable',
  'Unavailable',
  'ServiceFailure',
]);

export function classify(error: AwsErrorShape, code: string | undefined, message: string): Family {
  // Query-protocol services spell the same code with and without "Exception" (NoSuchEntity / NoSuchEntityException).
  const base = code?.replace(/Exception$/, '');
  const status = typeof error.$metadata?.httpStatusCode === 'number' ? error.$metadata.httpStatusCode : 0;
  const has = (codes: Set<string>) => code !== undefined && (codes.has(code) || codes.has(base!));
  if (has(CREDENTIAL_CODES)) return 'credentials';
  if (has(THROTTLING_CODES) || status === 429 || error.$retryable?.throttling === true) return 'throttled';
  if (has(DENIED_CODES) || /explicit deny/i.test(message)) return 'denied';
  if (has(TIMEOUT_CODES)) return 'timeout';
  if (has(UNREACHABLE_CODES) || /socket hang up/i.test(message)) return 'unreachable';
  if (base && (/\.(NotFound|Malformed)$/.test(base) || /NotFound$/.test(base) || base === 'NoSuchEntity')) {
    return 'notFound';
  }
  if (has(CONFLICT_CODES) || (base && /\.(Duplicate|InUse)$/.test(base))) return 'conflict';
  if (base && /(LimitExceeded|QuotaExceeded)$/.test(base)) return 'limit';
  if (has(INVALID_CODES) || (base && /^Invalid/.test(base))) return 'invalid';
  if (has(UNAVAILABLE_CODES) || status >= 500 || error.$fault === 'server') return 'unavailable';
  if (status === 403) return 'denied';
  if (status === 404) return 'notFound';
  return 'other';
}
