import {
  ConcurrentModificationException,
  EntityAlreadyExistsException,
  IAMServiceException,
  InvalidInputException,
  LimitExceededException,
  MalformedPolicyDocumentException,
  NoSuchEntityException,
  ServiceFailureException,
  UnmodifiableEntityException,
} from '@aws-sdk/client-iam';
import { read, type SimulatedService } from '../context.js';
import type { ModeledExceptionClass } from '../exceptions.js';
import { getInstanceProfileHandler, listInstanceProfilesForRole } from './instance-profiles.js';
import { getRoleHandler } from './roles.js';

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
      EntityAlreadyExists: EntityAlreadyExistsException as ModeledExceptionClass,
      InvalidInput: InvalidInputException as ModeledExceptionClass,
      LimitExceeded: LimitExceededException as ModeledExceptionClass,
      MalformedPolicyDocument: MalformedPolicyDocumentException as ModeledExceptionClass,
      NoSuchEntity: NoSuchEntityException as ModeledExceptionClass,
      ServiceFailure: ServiceFailureException as ModeledExceptionClass,
      UnmodifiableEntity: UnmodifiableEntityException as ModeledExceptionClass,
    },
  },
  operations: {
    GetInstanceProfile: read(getInstanceProfileHandler),
    GetRole: read(getRoleHandler),
    ListInstanceProfilesForRole: read(listInstanceProfilesForRole),
  },
};
