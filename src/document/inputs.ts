import type { ActionRecord } from '../contain/action.js';
import type { Incident } from '../incident/incident.js';
import type { FlaggedTrailEvent, TimelineEvent } from '../incident/timeline.js';
import type { Runbook } from './runbook.js';

/**
 * What the report renderer reads, as small as a report needs. `report-input.ts` maps the timeline and the store's
 * action records onto it, so the renderer stays a pure function of these values.
 */

/** A CloudTrail event a findings rule flagged, as the timeline keeps it. Every field is attacker-influenced. */
export type FlaggedEvent = FlaggedTrailEvent;

/** A file of raw results kept as evidence; the hash is what makes it evidence. */
export interface EvidenceFile {
  name: string;
  sha256: string;
  bytes?: number;
}

/** One CloudTrail query a responder ran (`/ir trail`), with what it found. */
export interface InvestigationRecord {
  /** The query as typed, e.g. "user=deploy-bot since=24h". */
  query: string;
  ranBy: string;
  ranAt: string;
  /** The regions searched: IAM, STS and sign-in events are only in us-east-1, so a reader must see which. */
  regions: string[];
  /** Events matched, after client-side filtering. */
  eventCount: number;
  /** True when the query stopped at its page or time budget, so the count is a lower bound. */
  truncated?: boolean;
  flagged: FlaggedEvent[];
  evidence?: EvidenceFile[];
  /** For a CIS CloudTrail-metric alarm: the event that set it off, as the query found it. */
  trigger?: TrailTrigger;
}

export type TrailTrigger = NonNullable<Extract<TimelineEvent, { type: 'investigation' }>['trigger']>;

/** A follow-up (`/ir followup`): remediation or hardening work that outlives the incident. */
export interface FollowUp {
  title: string;
  /** Slack user id of the owner; unowned follow-ups are shown as such, since they are the ones that get lost. */
  owner?: string;
  /** ISO date or time. */
  due?: string;
  done: boolean;
  /** A ticket key or URL, shown as text. */
  ticket?: string;
}

/** What people typed for the report in Slack; it replaces the generated text, escaped like any Slack value. */
export interface HumanSections {
  summary?: string;
  impact?: string;
}

export interface ReportInput {
  incident: Incident;
  /** In append order, which is the audit order. */
  timeline: readonly TimelineEvent[];
  actions: readonly ActionRecord[];
  investigations?: readonly InvestigationRecord[];
  followUps?: readonly FollowUp[];
  /** Every runbook loaded from runbooks/; the report links those that apply (see runbooksFor). */
  runbooks?: readonly Runbook[];
  /** The permalink of the incident card's thread. */
  slackThreadUrl?: string;
  /** When the report is generated; the renderer reads no clock. */
  now: Date;
  /** A draft is regenerated as the incident goes; the final report is written at close. */
  draft: boolean;
  humanSections?: HumanSections;
  /** The AWS partition, for console links. */
  partition?: string;
}
