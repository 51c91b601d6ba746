/**
 * The simulated workspace a drill runs in: its ids, channel and people. Pure constants, shared by the simulator,
 * the drill settings in config.ts and the tests.
 */
export const DRILL_WORKSPACE = {
  botUserId: 'U0FIREBREAK',
  botId: 'B0FIREBREAK',
  teamId: 'T0FIREBREAK',
  teamDomain: 'firebreak-drill',
  appId: 'A0FIREBREAK',
  channel: { id: 'C0INCIDENTS', name: 'incidents' },
  users: [
    { id: 'U0ONCALL', name: 'oncall', realName: 'On-call Responder' },
    { id: 'U0ADMIN', name: 'secadmin', realName: 'Security Admin', isAdmin: true },
  ],
} as const;
