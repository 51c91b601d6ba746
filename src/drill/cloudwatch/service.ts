import {
  CloudWatchServiceException,
  InvalidParameterValueException,
  MissingRequiredParameterException,
} from '@aws-sdk/client-cloudwatch';
import { read, type SimulatedService } from '../context.js';
import type { ModeledExceptionClass } from '../exceptions.js';
import { getMetricWidgetImage } from './metric-widget-image.js';

export const CLOUDWATCH_SERVICE: SimulatedService = {
  clientName: 'CloudWatchClient',
  eventSource: 'monitoring.amazonaws.com',
  actionPrefix: 'cloudwatch',
  dryRun: false,
  exceptions: {
    base: CloudWatchServiceException,
    modeled: {
      InvalidParameterValue: InvalidParameterValueException as ModeledExceptionClass,
      MissingParameter: MissingRequiredParameterException as ModeledExceptionClass,
    },
  },
  operations: {
    GetMetricWidgetImage: read(getMetricWidgetImage),
  },
};
