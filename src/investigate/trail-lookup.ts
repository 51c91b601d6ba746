import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { lookupTrail, type TrailLookupResult } from './cloudtrail.js';
import type { LookupPlan } from './plan.js';
import type { TrailQuery } from './query.js';
import type { TokenBucket } from './token-bucket.js';

/**
 * The IO edge the trail service searches through: CloudTrail clients per account and region, and the request
 * budget shared by every search (in memory, or in Redis across replicas). Kept apart so the service can be
 * tested with a fake search and the SDK loads only when a search runs.
 */
export type TrailSearch = (
  plan: LookupPlan,
  query: TrailQuery,
  account: string | undefined,
  onFirstResults?: (partial: TrailLookupResult) => void,
) => Promise<TrailLookupResult>;

/** The budget key when neither the query nor the incident names an account (the bot's own account). */
export const DEFAULT_ACCOUNT_KEY = 'default';

export function createTrailSearch(deps: {
  cloudTrailFor(account: string | undefined, region: string): Promise<CloudTrailClient>;
  limiter: TokenBucket;
}): TrailSearch {
  return async (plan, query, account, onFirstResults) => {
    const clients = new Map<string, CloudTrailClient>();
    await Promise.all(
      plan.regions.map(async (region) => clients.set(region, await deps.cloudTrailFor(account, region))),
    );
    return lookupTrail(
      {
        clientFor: (region) => {
          const client = clients.get(region);
          if (!client) throw new Error(`no CloudTrail client prepared for ${region}`);
          return client;
        },
        limiter: deps.limiter,
        account: account ?? DEFAULT_ACCOUNT_KEY,
      },
      plan,
      query,
      onFirstResults,
    );
  };
}
