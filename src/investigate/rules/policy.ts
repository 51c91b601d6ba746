import { list, obj, str, strings } from './fields.js';

/**
 * IAM and S3 policy documents as CloudTrail records them: IAM's `policyDocument` is a JSON string, usually
 * URL-encoded (`%7B%22Version%22…`); S3's `bucketPolicy` is already an object; STS's `policy` is a plain JSON
 * string. Anything that does not parse is treated as no statements, never as an error.
 */
export interface Statement {
  effect: string | undefined;
  actions: string[];
  notActions: string[];
  resources: string[];
  principal: unknown;
  condition: Record<string, unknown> | undefined;
}

const MAX_POLICY_CHARS = 1_000_000;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The document as an object, from an object, a JSON string or a URL-encoded JSON string. */
export function policyDocument(value: unknown): Record<string, unknown> | undefined {
  const direct = obj(value);
  if (direct) return direct;
  const text = str(value);
  if (!text || text.length > MAX_POLICY_CHARS) return undefined;
  const plain = obj(parseJson(text));
  if (plain) return plain;
  let decoded: string;
  try {
    decoded = decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
  return decoded === text ? undefined : obj(parseJson(decoded));
}

export function statements(value: unknown): Statement[] {
  const document = policyDocument(value);
  if (!document) return [];
  return list(document.Statement)
    .map(obj)
    .filter((s): s is Record<string, unknown> => s !== undefined)
    .map((s) => ({
      effect: str(s.Effect),
      actions: strings(s.Action),
      notActions: strings(s.NotAction),
      resources: strings(s.Resource),
      principal: s.Principal,
      condition: obj(s.Condition),
    }));
}

const isWildcardAction = (action: string): boolean => action.trim() === '*' || action.trim() === '*:*';

/** Allow of every action on every resource: administrator access, whatever the policy is called. */
function grantsEverything(statement: Statement): boolean {
  return (
    statement.effect === 'Allow' &&
    statement.actions.some(isWildcardAction) &&
    statement.resources.some((r) => r.trim() === '*')
  );
}

export function documentGrantsEverything(value: unknown): boolean {
  return statements(value).some(grantsEverything);
}

/** Every AWS principal a statement names: "*", account ids and ARNs. Service and federated principals are left out. */
export function awsPrincipals(principal: unknown): string[] {
  if (typeof principal === 'string') return [principal];
  return strings(obj(principal)?.AWS);
}

/**
 * Condition keys that pin a wildcard principal down to known callers or networks, after AWS's own definition of
 * a "public" policy (Access Analyzer / S3 Block Public Access). `aws:SecureTransport` and the like do not.
 */
const RESTRICTING_CONDITION_KEYS = new Set(
  [
    'aws:SourceArn',
    'aws:SourceVpc',
    'aws:SourceVpce',
    'aws:SourceOwner',
    'aws:SourceAccount',
    'aws:SourceOrgID',
    'aws:SourceOrgPaths',
    'aws:SourceIp',
    'aws:PrincipalArn',
    'aws:PrincipalAccount',
    'aws:PrincipalOrgID',
    'aws:PrincipalOrgPaths',
    'aws:userid',
    'aws:username',
    's3:DataAccessPointArn',
    's3:DataAccessPointAccount',
  ].map((key) => key.toLowerCase()),
);

/** True when some condition restricts a fixed caller or network (a "*" value restricts nothing). */
export function hasRestrictingCondition(condition: Record<string, unknown> | undefined): boolean {
  if (!condition) return false;
  return Object.values(condition).some((operands) =>
    Object.entries(obj(operands) ?? {}).some(
      ([key, values]) =>
        RESTRICTING_CONDITION_KEYS.has(key.toLowerCase()) &&
        strings(values).length > 0 &&
        strings(values).every((v) => v !== '*' && v !== '0.0.0.0/0' && v !== '::/0'),
    ),
  );
}

/** The 12-digit account a principal names: a bare account id or any ARN. */
export function accountOfPrincipal(principal: string): string | undefined {
  const trimmed = principal.trim();
  if (/^\d{12}$/.test(trimmed)) return trimmed;
  return /^arn:aws[a-z-]*:[a-z0-9-]+::(\d{12}):/.exec(trimmed)?.[1];
}
