import { pino } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { createResponderCheck } from '../../src/contain/authorize.js';

function setup(principals: string[], groups: Record<string, string[]> = {}) {
  let clock = 1_000_000;
  const logger = pino({ level: 'silent' });
  const warn = vi.spyOn(logger, 'warn');
  const lookup = vi.fn(async (group: string) => {
    const members = groups[group];
    if (!members) throw new Error(`usergroups.users.list failed for ${group}`);
    return [...members];
  });
  const isResponder = createResponderCheck({
    principals,
    usergroupMembers: lookup,
    now: () => clock,
    logger,
    cacheMs: 60_000,
  });
  return {
    isResponder,
    lookup,
    warn,
    groups,
    tick(ms: number) {
      clock += ms;
    },
  };
}

describe('createResponderCheck', () => {
  it('accepts the listed user ids and refuses everyone else, without asking Slack', async () => {
    const { isResponder, lookup } = setup(['U0ALICE', 'W0BOB']);
    expect(await isResponder('U0ALICE')).toBe(true);
    expect(await isResponder('W0BOB')).toBe(true);
    expect(await isResponder('U0MALLORY')).toBe(false);
    expect(lookup).not.toHaveBeenCalled();
  });

  it('accepts members of a listed user group, read through the injected lookup', async () => {
    const { isResponder, lookup } = setup(['S0ONCALL'], { S0ONCALL: ['U0CAROL'] });
    expect(await isResponder('U0CAROL')).toBe(true);
    expect(await isResponder('U0MALLORY')).toBe(false);
    expect(lookup).toHaveBeenCalledWith('S0ONCALL');
  });

  it('checks every listed group', async () => {
    const { isResponder } = setup(['S0A', 'S0B'], { S0A: ['U0ONE'], S0B: ['U0TWO'] });
    expect(await isResponder('U0TWO')).toBe(true);
  });

  it('caches group members within cacheMs, and reads them again afterwards', async () => {
    const { isResponder, lookup, groups, tick } = setup(['S0ONCALL'], { S0ONCALL: ['U0CAROL'] });
    expect(await isResponder('U0CAROL')).toBe(true);
    groups.S0ONCALL = ['U0DAVE'];
    tick(59_999);
    // Still the cached membership: Carol was just removed, but within the minute she is still a responder.
    expect(await isResponder('U0CAROL')).toBe(true);
    expect(await isResponder('U0DAVE')).toBe(false);
    expect(lookup).toHaveBeenCalledTimes(1);
    tick(1);
    expect(await isResponder('U0CAROL')).toBe(false);
    expect(await isResponder('U0DAVE')).toBe(true);
    expect(lookup).toHaveBeenCalledTimes(2);
  });

  it('falls back to the last known members when Slack fails, and says so', async () => {
    const { isResponder, groups, tick, warn } = setup(['S0ONCALL'], { S0ONCALL: ['U0CAROL'] });
    expect(await isResponder('U0CAROL')).toBe(true);
    delete groups.S0ONCALL;
    tick(120_000);
    expect(await isResponder('U0CAROL')).toBe(true);
    expect(await isResponder('U0MALLORY')).toBe(false);
    expect(warn).toHaveBeenCalled();
    // Once Slack answers again, the fresh membership wins.
    groups.S0ONCALL = ['U0DAVE'];
    expect(await isResponder('U0CAROL')).toBe(false);
    expect(await isResponder('U0DAVE')).toBe(true);
  });

  it('fails closed when Slack fails and nothing is known yet', async () => {
    const { isResponder, warn } = setup(['S0ONCALL']);
    expect(await isResponder('U0CAROL')).toBe(false);
    expect(warn).toHaveBeenCalled();
  });

  it('lets nobody in with an empty list', async () => {
    const { isResponder, lookup } = setup([]);
    expect(await isResponder('U0ALICE')).toBe(false);
    expect(await isResponder('')).toBe(false);
    expect(lookup).not.toHaveBeenCalled();
  });
});
