import { ExpiredTokenException, RegionDisabledException, STSServiceException } from '@aws-sdk/client-sts';
import { read, type SimulatedService } from '../context.js';
import type { ModeledExceptionClass } from '../exceptions.js';
import { getAccessKeyInfo } from './access-key-info.js';
import { getCallerIdentity } from './caller-identity.js';

export const STS_SERVICE: SimulatedService = {
  clientName: 'STSClient',
  eventSource: 'sts.amazonaws.com',
  actionPrefix: 'sts',
  dryRun: false,
  exceptions: {
    base: STSServiceException,
    modeled: {
      ExpiredTokenException: ExpiredTokenException as ModeledExceptionClass,
      RegionDisabledException: RegionDisabledException as ModeledExceptionClass,
    },
  },
  operations: {
    GetAccessKeyInfo: read(getAccessKeyInfo),
    GetCallerIdentity: read(getCallerIdentity),
  },
};
