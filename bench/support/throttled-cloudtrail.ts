import {
  CloudTrailClient,
  type Event,
  LookupEventsCommand,
  ThrottlingException,
} from '@aws-sdk/client-cloudtrail';
import { mockClient } from 'aws-sdk-client-mock';

/**
 * A CloudTrail that holds AWS's LookupEvents limit for the benches: pages of 50, a latency per request like a real
 * round trip, and a ThrottlingException for a third request inside any rolling second (2 per second per account
 * and region). It counts what it served and what it refused, so a bench can print the achieved rate.
 */
export interface ThrottledCloudTrail {
  client: CloudTrailClient;
  /** performance.now() of each request served, in order. */
  served: number[];
  throttled(): number;
  /** Requests per second between the first and the last request served. */
  rate(): number;
}

const PAGE = 50;

export function throttledCloudTrail(
  events: readonly Event[],
  options: { region: string; latencyMs: number; maxAttempts?: number },
): ThrottledCloudTrail {
  const client = new CloudTrailClient({
    region: options.region,
    credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'x' },
    ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
  });
  const served: number[] = [];
  let throttled = 0;
  mockClient(client)
    .on(LookupEventsCommand)
    .callsFake(async (input: { NextToken?: string }) => {
      const at = performance.now();
      if (served.filter((t) => at - t < 1000).length >= 2) {
        throttled += 1;
        throw new ThrottlingException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 400 } });
      }
      served.push(at);
      await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
      const page = input.NextToken === undefined ? 0 : Number(input.NextToken);
      const next = page + 1;
      return {
        Events: events.slice(page * PAGE, next * PAGE),
        ...(next * PAGE < events.length && { NextToken: String(next) }),
      };
    });
  return {
    client,
    served,
    throttled: () => throttled,
    rate: () => (served.length > 1 ? (served.length - 1) / ((served.at(-1)! - served[0]!) / 1000) : 0),
  };
}
