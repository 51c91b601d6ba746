/** Tag key → value, in insertion order as AWS keeps them. Shared by every service's records. */
export type Tags = Record<string, string>;
