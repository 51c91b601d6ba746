import {
  CloudTrailServiceException,
  InvalidLookupAttributesException,
  InvalidMaxResultsException,
  InvalidNextTokenException,
  InvalidTimeRangeException,
} from '@aws-sdk/client-cloudtrail';
import { read, type SimulatedService } from '../context.js';
import type { ModeledExceptionClass } from '../exceptions.js';
import { lookupEvents } from './lookup-events.js';

export const CLOUDTRAIL_SERVICE: SimulatedService = {
  clientName: 'CloudTrailClient',
  eventSource: 'cloudtrail.amazonaws.com',
  actionPrefix: 'cloudtrail',
  dryRun: false,
  exceptions: {
    base: CloudTrailServiceException,
    modeled: {
      InvalidLookupAttributesException: InvalidLookupAttributesException as ModeledExceptionClass,
      InvalidMaxResultsException: InvalidMaxResultsException as ModeledExceptionClass,
      InvalidNextTokenException: InvalidNextTokenException as ModeledExceptionClass,
      InvalidTimeRangeException: InvalidTimeRangeException as ModeledExceptionClass,
    },
  },
  operations: {
    LookupEvents: read(lookupEvents),
  },
};
