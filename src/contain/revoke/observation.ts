/** What revoking reads from IAM, STS and EC2, as plain data: planning and previews work from this alone. */

export interface ObservedKey {
  id: string;
  /** 'Active' or 'Inactive' (IAM also knows 'Expired'). */
  status: string;
  createdAt?: string;
  lastUsed?: { at?: string; region?: string; service?: string };
}

export interface ObservedUser {
  type: 'user';
  name: string;
  arn: string;
  path: string;
  account: string;
  createdAt?: string;
  passwordLastUsed?: string;
  keys: ObservedKey[];
  /** Set when the user has a password (a login profile). */
  console?: { createdAt?: string };
  mfaDevices: string[];
  /** Every inline policy, name → decoded document: the budget and the same-name record need them all. */
  inlinePolicies: Record<string, string>;
  attachedPolicies: { name: string; arn: string }[];
}

export interface ObservedRole {
  type: 'role';
  name: string;
  arn: string;
  path: string;
  account: string;
  createdAt?: string;
  lastUsed?: { at?: string; region?: string };
  /** "AWS arn:…", "Service ec2.amazonaws.com", "Federated …", "*": who may assume it, from Allow statements. */
  trustPrincipals: string[];
  inlinePolicyNames: string[];
  /** The document already under the sessions policy's name, when there is one (recorded before overwriting). */
  sessionsPolicy?: string;
  attachedPolicies: { name: string; arn: string }[];
  instanceProfiles: string[];
  /** Running instances whose profile carries the role: the deny reaches their sessions too. */
  instances: string[];
  /** Reads that failed without stopping the plan. */
  warnings: string[];
}

/** A user or role as found by name or ARN, before its details are read. */
export interface FoundPrincipal {
  type: 'user' | 'role';
  name: string;
  arn: string;
  path: string;
  account: string;
}

/** Who Firebreak is in the target account. */
export interface SelfIdentity {
  account: string;
  principalArn: string;
  roleName?: string;
}
