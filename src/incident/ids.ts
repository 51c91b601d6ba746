/** Incident ids are short enough to type in `inc=<id>`: INC-1, INC-2, … drawn from the store's shared sequence. */
export const INCIDENT_ID_PATTERN = /^INC-\d{1,9}$/;

export function formatIncidentId(sequence: number): string {
  return `INC-${sequence}`;
}

export function isIncidentId(value: string): boolean {
  return INCIDENT_ID_PATTERN.test(value);
}

/** "account/region/alarm name": one alarm in one account and region. */
export function alarmKeyOf(account: string, region: string, alarmName: string): string {
  return `${account}/${region}/${alarmName}`;
}
