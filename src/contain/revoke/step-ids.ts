/** Stable step ids: a resumed action matches its records to fresh definitions, and restore reads what each did. */
export const stepId = {
  deactivateKey: (keyId: string) => `key:${keyId}:deactivate`,
  userDeny: 'policy:deny',
  roleSessions: 'policy:revoke-sessions',
  removeConsole: 'console:remove',
  verify: 'verify:credentials',
} as const;

export const restoreStepId = {
  reactivateKey: (keyId: string) => `restore:key:${keyId}`,
  removeInline: 'restore:deny:inline',
  putBackInline: 'restore:deny:put-back',
  removeManaged: 'restore:deny:managed',
  console: 'restore:console',
} as const;

export function keyOfStep(id: string): string | undefined {
  return /^key:([A-Z0-9]+):deactivate$/.exec(id)?.[1];
}
