export interface StsState {
  /**
   * Access key id → the account that owns it, for keys of other accounts that sts:GetAccessKeyInfo is asked
   * about. Takes precedence over the account encoded in the key id.
   */
  foreignAccessKeys: Record<string, string>;
}

export function emptyStsState(): StsState {
  return { foreignAccessKeys: {} };
}
