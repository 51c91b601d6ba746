import type { DescribeVolumesRequest, DescribeVolumesResult, Volume } from '@aws-sdk/client-ec2';
import type { HandlerContext } from '../context.js';
import { applyFilters, type FilterFields } from '../filters.js';
import { paginate } from '../pagination.js';
import { ec2Of, NOT_FOUND, selectByIds } from './lookup.js';
import type { VolumeRecord } from './model.js';
import { tagList } from './tagging.js';

const FIELDS: FilterFields<VolumeRecord> = {
  'volume-id': (volume) => volume.id,
  status: (volume) => volume.state,
  'availability-zone': (volume) => volume.availabilityZone,
  'volume-type': (volume) => volume.volumeType,
  encrypted: (volume) => volume.encrypted,
  size: (volume) => volume.size,
  'snapshot-id': (volume) => volume.snapshotId,
  'attachment.instance-id': (volume) => volume.attachment?.instanceId,
  'attachment.device': (volume) => volume.attachment?.device,
  'attachment.status': (volume) => (volume.attachment ? 'attached' : undefined),
  'attachment.delete-on-termination': (volume) => volume.attachment?.deleteOnTermination,
};

function view(volume: VolumeRecord): Volume {
  return {
    VolumeId: volume.id,
    Size: volume.size,
    VolumeType: volume.volumeType as Volume['VolumeType'],
    Iops: volume.iops,
    Throughput: volume.throughput,
    AvailabilityZone: volume.availabilityZone,
    Encrypted: volume.encrypted,
    KmsKeyId: volume.kmsKeyId,
    SnapshotId: volume.snapshotId ?? '',
    CreateTime: new Date(volume.createTime),
    State: volume.state,
    MultiAttachEnabled: false,
    Attachments: volume.attachment
      ? [
          {
            VolumeId: volume.id,
            InstanceId: volume.attachment.instanceId,
            Device: volume.attachment.device,
            State: 'attached',
            AttachTime: new Date(volume.attachment.attachTime),
            DeleteOnTermination: volume.attachment.deleteOnTermination,
          },
        ]
      : [],
    Tags: tagList(volume.tags),
  };
}

export function describeVolumes(ctx: HandlerContext, input: DescribeVolumesRequest): DescribeVolumesResult {
  const ec2 = ec2Of(ctx);
  const selected = selectByIds(ec2.volumes, input.VolumeIds, NOT_FOUND.volume);
  const filtered = applyFilters(selected, input.Filters, FIELDS, (volume) => volume.tags);
  const page = paginate(filtered, input.MaxResults, input.NextToken);
  return { Volumes: page.items.map(view), NextToken: page.nextToken };
}
