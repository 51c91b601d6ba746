import type { Tags } from '../tags.js';

export interface RoleRecord {
  name: string;
  id: string;
  arn: string;
  path: string;
  createDate: string;
  /** A JSON policy document; GetRole returns it URL-encoded, as IAM does. */
  assumeRolePolicyDocument: string;
  description?: string;
  maxSessionDuration: number;
  tags: Tags;
  /** Inline policies, name → JSON document as it was put. Absent on roles saved before they existed. */
  inlinePolicies?: Record<string, string>;
  /** Managed policy ARNs, in attachment order. */
  attachedPolicyArns?: string[];
}

export interface InstanceProfileRecord {
  name: string;
  id: string;
  arn: string;
  path: string;
  createDate: string;
  roleNames: string[];
  tags: Tags;
}

/** Console access. The password itself is never kept. */
export interface LoginProfileRecord {
  createDate: string;
  passwordResetRequired: boolean;
}

export interface MfaDeviceRecord {
  serialNumber: string;
  enableDate: string;
}

export interface UserRecord {
  name: string;
  id: string;
  arn: string;
  path: string;
  createDate: string;
  passwordLastUsed?: string;
  tags: Tags;
  loginProfile?: LoginProfileRecord;
  mfaDevices: MfaDeviceRecord[];
  /** Inline policies, name → JSON document as it was put. */
  inlinePolicies: Record<string, string>;
  /** Managed policy ARNs, in attachment order. */
  attachedPolicyArns: string[];
}

export interface AccessKeyLastUsedRecord {
  date: string;
  region: string;
  serviceName: string;
  /** Not reported by IAM (only CloudTrail has it); kept for the drill's CloudTrail history. */
  sourceIpAddress?: string;
}

export interface AccessKeyRecord {
  id: string;
  userName: string;
  status: 'Active' | 'Inactive';
  createDate: string;
  lastUsed?: AccessKeyLastUsedRecord;
}

export interface PolicyVersionRecord {
  versionId: string;
  /** A JSON policy document as it was submitted; GetPolicyVersion returns it URL-encoded. */
  document: string;
  createDate: string;
}

/** A customer managed policy (AWS managed policies are a fixed catalogue, see aws-managed-policies.ts). */
export interface ManagedPolicyRecord {
  name: string;
  id: string;
  arn: string;
  path: string;
  description?: string;
  createDate: string;
  updateDate: string;
  defaultVersionId: string;
  versions: PolicyVersionRecord[];
  tags: Tags;
}

export interface IamState {
  roles: Record<string, RoleRecord>;
  instanceProfiles: Record<string, InstanceProfileRecord>;
  users: Record<string, UserRecord>;
  /** Access key id → key; every user's keys in one table, as GetAccessKeyLastUsed needs. */
  accessKeys: Record<string, AccessKeyRecord>;
  /** Customer managed policies by ARN. */
  policies: Record<string, ManagedPolicyRecord>;
}

export function emptyIamState(): IamState {
  return { roles: {}, instanceProfiles: {}, users: {}, accessKeys: {}, policies: {} };
}
