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
  tags: Record<string, string>;
}

export interface InstanceProfileRecord {
  name: string;
  id: string;
  arn: string;
  path: string;
  createDate: string;
  roleNames: string[];
  tags: Record<string, string>;
}

export interface IamState {
  roles: Record<string, RoleRecord>;
  instanceProfiles: Record<string, InstanceProfileRecord>;
}

export function emptyIamState(): IamState {
  return { roles: {}, instanceProfiles: {} };
}
