/**
 * Step ids are stable strings, so a resumed action matches its records to a fresh set of step definitions,
 * and restore finds what each isolation step recorded.
 */
export const stepId = {
  untrackGroup: (vpcId: string) => `group:untrack:${vpcId}`,
  isolationGroup: (vpcId: string) => `group:isolation:${vpcId}`,
  tagInterface: (eniId: string) => `eni:${eniId}:tag`,
  untrackInterface: (eniId: string) => `eni:${eniId}:untrack`,
  isolateInterface: (eniId: string) => `eni:${eniId}:isolate`,
  naclDeny: (aclId: string) => `nacl:${aclId}`,
  profile: 'credentials:profile',
  terminationProtection: 'evidence:termination-protection',
  shutdownBehaviour: 'evidence:shutdown-behaviour',
  volumes: 'evidence:volumes',
  autoScaling: 'evidence:asg',
  snapshots: 'evidence:snapshots',
  instanceTags: 'evidence:tags',
  verify: 'verify:interfaces',
} as const;

export const restoreStepId = {
  interface: (eniId: string) => `restore:eni:${eniId}`,
  profile: 'restore:profile',
  autoScaling: 'restore:asg',
  nacl: (aclId: string) => `restore:nacl:${aclId}`,
  instanceTags: 'restore:tags',
} as const;

/** The interface id of an `eni:<id>:<phase>` step, or undefined. */
export function interfaceOfStep(id: string): string | undefined {
  return /^eni:([^:]+):(?:tag|untrack|isolate)$/.exec(id)?.[1];
}

export function naclOfStep(id: string): string | undefined {
  return /^nacl:(.+)$/.exec(id)?.[1];
}
