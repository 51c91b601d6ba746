/**
 * AWS error messages are shown to responders and written to the timeline, so anything that could let a reader
 * act as Firebreak is cut: access key ids, signed URLs and their signature parameters, URL user-info.
 * The encoded authorization message is dropped for length; it stays on the original error (the `cause`).
 */
const MAX_LENGTH = 300;

export function sanitizeAwsMessage(message: string): string {
  const clean = message
    .replace(
      /Encoded authorization failure message:\s*\S+/gi,
      '(encoded authorization message omitted; decode it with sts:DecodeAuthorizationMessage)',
    )
    .replace(/\b(?:AKIA|ASIA)[A-Z0-9]{12,}\b/g, '[access key id]')
    .replace(/\bhttps?:\/\/[^\s"'<>]+/gi, stripUrl)
    .replace(/\bX-Amz-(?:Signature|Credential|Security-Token)=[^&\s"']+/gi, '[signature]')
    .replace(/\bSignature=[^&\s"',]+/g, 'Signature=[omitted]')
    .replace(/\s+/g, ' ')
    .trim();
  return clean.length > MAX_LENGTH ? `${clean.slice(0, MAX_LENGTH - 1)}…` : clean;
}

// Keeps scheme, host and path so the message still says where; query strings carry presigned credentials.
function stripUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}${parsed.search ? '?[query omitted]' : ''}`;
  } catch {
    return '[url omitted]';
  }
}
