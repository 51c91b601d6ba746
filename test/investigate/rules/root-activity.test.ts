import { describe, expect, it } from 'vitest';
import { rootApiCalls } from '../../../src/investigate/rules/root-activity.js';
import { load, run } from './load.js';

const records = load('root.json');

describe('root-api-calls', () => {
  it('flags root API calls once per source IP, on the first call, listing them', () => {
    expect(run(rootApiCalls, records)).toEqual([
      {
        index: 0,
        severity: 'high',
        reason: 'Root used for 2 API calls from 203.0.113.66: ListUsers, DeleteAccountPasswordPolicy',
      },
    ]);
  });

  it("leaves calls AWS made on root's behalf and root sign-ins alone", () => {
    expect(run(rootApiCalls, [records[2]!])).toEqual([]);
    expect(run(rootApiCalls, load('console-login.json'))).toEqual([]);
  });
});
