import type { ExceptionClasses } from './exceptions.js';
import { iamUniqueId, resourceId } from './ids.js';
import { type RegionState, type ResourceState, regionState } from './state.js';

/** What a handler sees of one call. `state` is a draft for mutating calls: it is kept only on success. */
export interface HandlerContext {
  readonly state: ResourceState;
  readonly region: string;
  readonly now: Date;
  readonly requestId: string;
}

export function regionOf(ctx: HandlerContext): RegionState {
  return regionState(ctx.state, ctx.region);
}

export function newId(ctx: HandlerContext, prefix: string): string {
  ctx.state.sequence += 1;
  return resourceId(ctx.state.accountId, prefix, ctx.state.sequence);
}

export function newIamId(ctx: HandlerContext, prefix: string): string {
  ctx.state.sequence += 1;
  return iamUniqueId(ctx.state.accountId, prefix, ctx.state.sequence);
}

export function nowIso(ctx: HandlerContext): string {
  return ctx.now.toISOString();
}

// Inputs and outputs are the SDK's own request and result types, checked where each handler is written.
// biome-ignore lint/suspicious/noExplicitAny: the registry erases them so one table can hold every operation.
export type AnyInput = any;

export interface Operation {
  readonly handler: (ctx: HandlerContext, input: AnyInput) => object;
  /** Read-only calls run against the live state; mutating ones against a draft, committed on success. */
  readonly readOnly: boolean;
}

export function read<I, O extends object>(handler: (ctx: HandlerContext, input: I) => O): Operation {
  return { handler, readOnly: true };
}

export function write<I, O extends object>(handler: (ctx: HandlerContext, input: I) => O): Operation {
  return { handler, readOnly: false };
}

/** One AWS service as the simulation speaks it, keyed by the SDK client's name. */
export interface SimulatedService {
  /** `context.clientName` of the SDK client, e.g. 'EC2Client'. */
  readonly clientName: string;
  /** The CloudTrail eventSource, e.g. 'ec2.amazonaws.com'. */
  readonly eventSource: string;
  /** The IAM action prefix, e.g. 'ec2', for authorization messages. */
  readonly actionPrefix: string;
  /** Global services are recorded in this region, as CloudTrail records IAM in us-east-1. */
  readonly globalRegion?: string;
  /** EC2's DryRun parameter: check, then answer DryRunOperation instead of acting. */
  readonly dryRun: boolean;
  readonly exceptions: ExceptionClasses;
  /** Operation name (the command name without 'Command') → handler. */
  readonly operations: Readonly<Record<string, Operation>>;
}
