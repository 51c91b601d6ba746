import type {
  CreateSnapshotsRequest,
  CreateSnapshotsResult,
  DescribeSnapshotsRequest,
  DescribeSnapshotsResult,
  Snapshot,
} from '@aws-sdk/client-ec2';
import { type HandlerContext, newId, nowIso } from '../context.js';
import { invalidParameterValue, missingParameter } from '../errors.js';
import { applyFilters, type FilterFields } from '../filters.js';
import { paginate } from '../pagination.js';
import {
  assertNotTerminated,
  attachedVolumes,
  ec2Of,
  getInstance,
  NOT_FOUND,
  selectByIds,
} from './lookup.js';
import type { SnapshotRecord } from './model.js';
import { applyTags, tagList, tagsFromSpecifications } from './tagging.js';

const FIELDS: FilterFields<SnapshotRecord> = {
  'snapshot-id': (snapshot) => snapshot.id,
  'volume-id': (snapshot) => snapshot.volumeId,
  'volume-size': (snapshot) => snapshot.volumeSize,
  status: (snapshot) => snapshot.state,
  progress: (snapshot) => snapshot.progress,
  'owner-id': (snapshot) => snapshot.ownerId,
  description: (snapshot) => snapshot.description,
  encrypted: (snapshot) => snapshot.encrypted,
};

function view(snapshot: SnapshotRecord): Snapshot {
  return {
    SnapshotId: snapshot.id,
    VolumeId: snapshot.volumeId,
    VolumeSize: snapshot.volumeSize,
    State: snapshot.state,
    Progress: snapshot.progress,
    StartTime: new Date(snapshot.startTime),
    Description: snapshot.description,
    Encrypted: snapshot.encrypted,
    OwnerId: snapshot.ownerId,
    StorageTier: 'standard',
    Tags: tagList(snapshot.tags),
  };
}

/**
 * Crash-consistent snapshots of an instance's volumes. The response says 'pending', as AWS's does; the
 * simulation has no clock, so DescribeSnapshots already shows them completed.
 */
export function createSnapshots(ctx: HandlerContext, input: CreateSnapshotsRequest): CreateSnapshotsResult {
  const ec2 = ec2Of(ctx);
  const specification = input.InstanceSpecification;
  if (!specification) throw missingParameter('InstanceSpecification');
  const instance = getInstance(ec2, specification.InstanceId);
  assertNotTerminated(instance);
  if (input.CopyTagsFromSource !== undefined && input.CopyTagsFromSource !== 'volume') {
    throw invalidParameterValue(
      `Value (${input.CopyTagsFromSource}) for parameter CopyTagsFromSource is invalid.`,
    );
  }
  const requestedTags = tagsFromSpecifications(input.TagSpecifications, 'snapshot');
  const excluded = new Set(specification.ExcludeDataVolumeIds ?? []);
  const volumes = attachedVolumes(ec2, instance.id).filter((volume) => {
    const isBoot = volume.attachment?.device === instance.rootDeviceName;
    return !(isBoot && specification.ExcludeBootVolume) && !excluded.has(volume.id);
  });
  if (!volumes.length) throw invalidParameterValue(`No volumes to snapshot on instance ${instance.id}`);
  const startTime = nowIso(ctx);
  const snapshots = volumes.map((volume) => {
    const tags = input.CopyTagsFromSource === 'volume' ? { ...volume.tags } : {};
    applyTags(tags, tagList(requestedTags) ?? [], volume.id);
    const snapshot: SnapshotRecord = {
      id: newId(ctx, 'snap'),
      volumeId: volume.id,
      volumeSize: volume.size,
      state: 'completed',
      progress: '100%',
      startTime,
      description: input.Description ?? '',
      encrypted: volume.encrypted,
      ownerId: ctx.state.accountId,
      tags,
    };
    ec2.snapshots[snapshot.id] = snapshot;
    return snapshot;
  });
  return {
    Snapshots: snapshots.map((snapshot) => ({
      SnapshotId: snapshot.id,
      VolumeId: snapshot.volumeId,
      VolumeSize: snapshot.volumeSize,
      State: 'pending',
      Progress: '',
      StartTime: new Date(snapshot.startTime),
      Description: snapshot.description,
      Encrypted: snapshot.encrypted,
      OwnerId: snapshot.ownerId,
      AvailabilityZone: instance.availabilityZone,
      Tags: tagList(snapshot.tags),
    })),
  };
}

/** Only this account's snapshots exist here; AWS would also list public ones unless OwnerIds is given. */
export function describeSnapshots(
  ctx: HandlerContext,
  input: DescribeSnapshotsRequest,
): DescribeSnapshotsResult {
  const ec2 = ec2Of(ctx);
  let selected = selectByIds(ec2.snapshots, input.SnapshotIds, NOT_FOUND.snapshot);
  if (input.OwnerIds?.length) {
    const owners = new Set(input.OwnerIds.map((owner) => (owner === 'self' ? ctx.state.accountId : owner)));
    selected = selected.filter((snapshot) => owners.has(snapshot.ownerId));
  }
  const filtered = applyFilters(selected, input.Filters, FIELDS, (snapshot) => snapshot.tags);
  const page = paginate(filtered, input.MaxResults, input.NextToken);
  return { Snapshots: page.items.map(view), NextToken: page.nextToken };
}
