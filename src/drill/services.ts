import { AUTO_SCALING_SERVICE } from './auto-scaling/service.js';
import { CLOUDTRAIL_SERVICE } from './cloudtrail/service.js';
import { CLOUDWATCH_SERVICE } from './cloudwatch/service.js';
import type { SimulatedService } from './context.js';
import { EC2_SERVICE } from './ec2/service.js';
import { IAM_SERVICE } from './iam/service.js';
import { STS_SERVICE } from './sts/service.js';

/** The services the simulated account speaks, by SDK client name. A new service is one more line here. */
export const SIMULATED_SERVICES: Readonly<Record<string, SimulatedService>> = Object.fromEntries(
  [EC2_SERVICE, AUTO_SCALING_SERVICE, IAM_SERVICE, STS_SERVICE, CLOUDTRAIL_SERVICE, CLOUDWATCH_SERVICE].map(
    (service) => [service.clientName, service],
  ),
);
