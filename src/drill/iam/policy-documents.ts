import { AwsFault } from '../errors.js';
import { requireMember } from './names.js';

/** Aggregate size of a user's inline policies, in characters without whitespace (IAM quotas). */
export const USER_INLINE_POLICY_BUDGET = 2048;
export const ROLE_INLINE_POLICY_BUDGET = 10240;
export const MANAGED_POLICY_MAX_SIZE = 6144;

/** IAM counts policy size without whitespace. */
export function policySize(document: string): number {
  return document.replace(/\s/g, '').length;
}

/** IAM returns policy documents URL-encoded (RFC 3986); callers decodeURIComponent them. */
export function encodePolicyDocument(document: string): string {
  return encodeURIComponent(document);
}

function malformed(message: string): AwsFault {
  return new AwsFault('MalformedPolicyDocument', message);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The grammar checks IAM applies to an identity-based policy (inline or managed): JSON, a known version,
 * statements with an effect, actions and resources, and no principal. Returns the document unchanged.
 */
export function validateIdentityPolicy(document: string | undefined): string {
  const text = requireMember(document, 'policyDocument');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw malformed('Syntax errors in policy.');
  }
  if (!isRecord(parsed) || parsed.Statement === undefined) throw malformed('Syntax errors in policy.');
  if (parsed.Version !== undefined && parsed.Version !== '2012-10-17' && parsed.Version !== '2008-10-17') {
    throw malformed('The policy must contain a valid version string');
  }
  const statements = Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement];
  if (statements.length === 0) throw malformed('Syntax errors in policy.');
  for (const statement of statements) {
    if (!isRecord(statement)) throw malformed('Syntax errors in policy.');
    if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny')
      throw malformed('Syntax errors in policy.');
    if ('Principal' in statement || 'NotPrincipal' in statement) {
      throw malformed('Policy document should not specify a principal.');
    }
    if (!('Action' in statement) && !('NotAction' in statement)) {
      throw malformed('Policy statement must contain actions.');
    }
    if (!('Resource' in statement) && !('NotResource' in statement)) {
      throw malformed('Policy statement must contain resources.');
    }
  }
  return text;
}

/**
 * Puts `document` under `name` in `policies` if the aggregate (a policy of the same name being replaced)
 * stays within `budget`; otherwise LimitExceeded with IAM's message.
 */
export function putInlinePolicy(
  policies: Record<string, string>,
  name: string,
  document: string,
  budget: number,
  entity: string,
): void {
  const others = Object.entries(policies)
    .filter(([other]) => other !== name)
    .reduce((sum, [, text]) => sum + policySize(text), 0);
  if (others + policySize(document) > budget) {
    throw new AwsFault('LimitExceeded', `Maximum policy size of ${budget} bytes exceeded for ${entity}`);
  }
  policies[name] = document;
}
