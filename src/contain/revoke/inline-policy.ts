import {
  DeleteRolePolicyCommand,
  DeleteUserPolicyCommand,
  type IAMClient,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import type { Caller } from '../isolate/caller.js';
import { userPolicyOf } from './iam-read.js';
import { rolePolicyOf } from './iam-role.js';

/** One inline policy slot of a user or a role, so steps and restore treat both alike. */
export interface InlinePolicySlot {
  /** "user mallory", "role web-app-role" */
  owner: string;
  name: string;
  read(call: Caller): Promise<string | undefined>;
  put(call: Caller, document: string): Promise<unknown>;
  remove(call: Caller): Promise<unknown>;
}

export function userInlineSlot(iam: IAMClient, userName: string, name: string): InlinePolicySlot {
  const owner = `user ${userName}`;
  return {
    owner,
    name,
    read: (call) => userPolicyOf(iam, call, userName, name),
    put: (call, document) =>
      call(`iam:PutUserPolicy ${name} on ${owner}`, () =>
        iam.send(
          new PutUserPolicyCommand({ UserName: userName, PolicyName: name, PolicyDocument: document }),
        ),
      ),
    remove: (call) =>
      call(`iam:DeleteUserPolicy ${name} of ${owner}`, () =>
        iam.send(new DeleteUserPolicyCommand({ UserName: userName, PolicyName: name })),
      ),
  };
}

export function roleInlineSlot(iam: IAMClient, roleName: string, name: string): InlinePolicySlot {
  const owner = `role ${roleName}`;
  return {
    owner,
    name,
    read: (call) => rolePolicyOf(iam, call, roleName, name),
    put: (call, document) =>
      call(`iam:PutRolePolicy ${name} on ${owner}`, () =>
        iam.send(
          new PutRolePolicyCommand({ RoleName: roleName, PolicyName: name, PolicyDocument: document }),
        ),
      ),
    remove: (call) =>
      call(`iam:DeleteRolePolicy ${name} of ${owner}`, () =>
        iam.send(new DeleteRolePolicyCommand({ RoleName: roleName, PolicyName: name })),
      ),
  };
}
