import { z } from 'zod';

/**
 * The JSON body SNS POSTs to an HTTP(S) subscriber, field for field as AWS documents it.
 * Field values are kept byte for byte (no trimming, no transforms) because the signature covers them.
 */

const text = z.string().min(1);

const signedFields = {
  MessageId: text,
  TopicArn: text,
  Message: z.string(),
  Timestamp: z.iso.datetime({ offset: true }),
  SignatureVersion: z.enum(['1', '2']),
  Signature: text,
  SigningCertURL: text,
};

const confirmationFields = { ...signedFields, Token: text, SubscribeURL: text };

export const snsNotificationSchema = z.object({
  Type: z.literal('Notification'),
  ...signedFields,
  // Omitted by SNS when the publisher gave no subject; null is accepted too and signed as absent.
  Subject: z
    .string()
    .nullish()
    .transform((subject) => subject ?? undefined)
    .optional(),
  UnsubscribeURL: text,
});

export const snsSubscriptionConfirmationSchema = z.object({
  Type: z.literal('SubscriptionConfirmation'),
  ...confirmationFields,
});

export const snsUnsubscribeConfirmationSchema = z.object({
  Type: z.literal('UnsubscribeConfirmation'),
  ...confirmationFields,
});

export const snsMessageSchema = z.discriminatedUnion('Type', [
  snsNotificationSchema,
  snsSubscriptionConfirmationSchema,
  snsUnsubscribeConfirmationSchema,
]);

export type SnsNotification = z.infer<typeof snsNotificationSchema>;
export type SnsSubscriptionConfirmation = z.infer<typeof snsSubscriptionConfirmationSchema>;
export type SnsUnsubscribeConfirmation = z.infer<typeof snsUnsubscribeConfirmationSchema>;
export type SnsMessage = z.infer<typeof snsMessageSchema>;
export type SnsSignatureVersion = SnsMessage['SignatureVersion'];

export type SnsParseCode = 'SNS_MALFORMED_JSON' | 'SNS_BAD_SHAPE' | 'SNS_BAD_VERSION';

export type SnsParseResult =
  | { ok: true; message: SnsMessage }
  | { ok: false; code: SnsParseCode; reason: string };

export function parseSnsMessage(rawBody: string): SnsParseResult {
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    return { ok: false, code: 'SNS_MALFORMED_JSON', reason: 'body is not valid JSON' };
  }
  const parsed = snsMessageSchema.safeParse(json);
  if (parsed.success) return { ok: true, message: parsed.data };

  const issue = parsed.error.issues[0];
  const field = issue?.path.join('.') || '(body)';
  // A version we cannot verify gets its own code so operators can tell it from garbage.
  const code = field === 'SignatureVersion' ? 'SNS_BAD_VERSION' : 'SNS_BAD_SHAPE';
  return { ok: false, code, reason: `${field}: ${issue?.message ?? 'invalid'}` };
}
