import {
  ConcurrentModificationException,
  DeleteConflictException,
  EntityAlreadyExistsException,
  IAMServiceException,
  InvalidInputException,
  LimitExceededException,
  MalformedPolicyDocumentException,
  NoSuchEntityException,
  PolicyNotAttachableException,
  ServiceFailureException,
  UnmodifiableEntityException,
} from '@aws-sdk/client-iam';
import { read, type SimulatedService, write } from '../context.js';
import type { ModeledExceptionClass } from '../exceptions.js';
import {
  createAccessKey,
  deleteAccessKey,
  getAccessKeyLastUsed,
  listAccessKeys,
  updateAccessKey,
} from './access-keys.js';
import {
  attachRolePolicy,
  attachUserPolicy,
  detachRolePolicy,
  detachUserPolicy,
  listAttachedRolePolicies,
  listAttachedUserPolicies,
} from './attached-policies.js';
import { getInstanceProfileHandler, listInstanceProfilesForRole } from './instance-profiles.js';
import { createLoginProfile, deleteLoginProfile, getLoginProfile } from './login-profiles.js';
import { createPolicy, deletePolicy, getPolicy, getPolicyVersion } from './managed-policies.js';
import { listMfaDevices } from './mfa-devices.js';
import { deleteRolePolicy, getRolePolicy, listRolePolicies, putRolePolicy } from './role-policies.js';
import { getRoleHandler, listRoles } from './roles.js';
import { deleteUserPolicy, getUserPolicy, listUserPolicies, putUserPolicy } from './user-policies.js';
import { createUser, getUserHandler, listUsers } from './users.js';

export const IAM_SERVICE: SimulatedService = {
  clientName: 'IAMClient',
  eventSource: 'iam.amazonaws.com',
  actionPrefix: 'iam',
  // IAM is global; CloudTrail records its calls in us-east-1.
  globalRegion: 'us-east-1',
  dryRun: false,
  exceptions: {
    base: IAMServiceException,
    modeled: {
      ConcurrentModification: ConcurrentModificationException as ModeledExceptionClass,
      DeleteConflict: DeleteConflictException as ModeledExceptionClass,
      EntityAlreadyExists: EntityAlreadyExistsException as ModeledExceptionClass,
      InvalidInput: InvalidInputException as ModeledExceptionClass,
      LimitExceeded: LimitExceededException as ModeledExceptionClass,
      MalformedPolicyDocument: MalformedPolicyDocumentException as ModeledExceptionClass,
      NoSuchEntity: NoSuchEntityException as ModeledExceptionClass,
      PolicyNotAttachable: PolicyNotAttachableException as ModeledExceptionClass,
      ServiceFailure: ServiceFailureException as ModeledExceptionClass,
      UnmodifiableEntity: UnmodifiableEntityException as ModeledExceptionClass,
    },
  },
  operations: {
    // Users and their credentials
    CreateUser: write(createUser),
    GetUser: read(getUserHandler),
    ListUsers: read(listUsers),
    CreateAccessKey: write(createAccessKey),
    DeleteAccessKey: write(deleteAccessKey),
    GetAccessKeyLastUsed: read(getAccessKeyLastUsed),
    ListAccessKeys: read(listAccessKeys),
    UpdateAccessKey: write(updateAccessKey),
    CreateLoginProfile: write(createLoginProfile),
    DeleteLoginProfile: write(deleteLoginProfile),
    GetLoginProfile: read(getLoginProfile),
    ListMFADevices: read(listMfaDevices),
    // Policies
    PutUserPolicy: write(putUserPolicy),
    GetUserPolicy: read(getUserPolicy),
    DeleteUserPolicy: write(deleteUserPolicy),
    ListUserPolicies: read(listUserPolicies),
    AttachUserPolicy: write(attachUserPolicy),
    DetachUserPolicy: write(detachUserPolicy),
    ListAttachedUserPolicies: read(listAttachedUserPolicies),
    CreatePolicy: write(createPolicy),
    GetPolicy: read(getPolicy),
    GetPolicyVersion: read(getPolicyVersion),
    DeletePolicy: write(deletePolicy),
    // Roles
    GetRole: read(getRoleHandler),
    ListRoles: read(listRoles),
    PutRolePolicy: write(putRolePolicy),
    GetRolePolicy: read(getRolePolicy),
    DeleteRolePolicy: write(deleteRolePolicy),
    ListRolePolicies: read(listRolePolicies),
    AttachRolePolicy: write(attachRolePolicy),
    DetachRolePolicy: write(detachRolePolicy),
    ListAttachedRolePolicies: read(listAttachedRolePolicies),
    GetInstanceProfile: read(getInstanceProfileHandler),
    ListInstanceProfilesForRole: read(listInstanceProfilesForRole),
  },
};
