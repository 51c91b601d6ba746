import type { ListMFADevicesRequest, ListMFADevicesResponse } from '@aws-sdk/client-iam';
import type { HandlerContext } from '../context.js';
import { paginate } from '../pagination.js';
import { targetUser } from './lookup.js';

export function listMfaDevices(ctx: HandlerContext, input: ListMFADevicesRequest): ListMFADevicesResponse {
  const user = targetUser(ctx, input.UserName);
  const page = paginate(user.mfaDevices, input.MaxItems, input.Marker, 'InvalidInput');
  return {
    MFADevices: page.items.map((device) => ({
      UserName: user.name,
      SerialNumber: device.serialNumber,
      EnableDate: new Date(device.enableDate),
    })),
    IsTruncated: page.nextToken !== undefined,
    Marker: page.nextToken,
  };
}
