import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as AWS would see it: query-protocol services (EC2, IAM, STS, Auto Scaling) post form bodies. */
export interface SeenRequest {
  action: string;
  params: URLSearchParams;
  authorization: string;
}

/** AWS sends the request id as x-amzn-requestid and, for most query services, in the body too. */
export type Answer = { status: number; body: string; headers?: Record<string, string> };
export type Reply = Answer | 'hang';

/**
 * A loopback stand-in for AWS's query-protocol endpoints, so the real SDK stack (signing, retries, timeouts,
 * XML parsing, error deserialization) runs end to end without the network.
 */
export async function startFakeAws(reply: (request: SeenRequest) => Reply) {
  const seen: SeenRequest[] = [];
  const server: Server = createServer(async (req, res) => {
    const request: SeenRequest = {
      params: new URLSearchParams(await readBody(req)),
      authorization: String(req.headers.authorization ?? ''),
      action: '',
    };
    request.action = request.params.get('Action') ?? '';
    seen.push(request);
    const answer = reply(request);
    if (answer === 'hang') return;
    res.writeHead(answer.status, { 'content-type': 'text/xml', ...answer.headers });
    res.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export const xml = {
  ok: (body: string): Answer => ({ status: 200, body }),
  describeInstances: (requestId: string): Answer => ({
    ...xml.ok(
      `<DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>${requestId}</requestId><reservationSet/></DescribeInstancesResponse>`,
    ),
    headers: { 'x-amzn-requestid': requestId },
  }),
  listAccountAliases: (): Answer =>
    xml.ok(
      '<ListAccountAliasesResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ListAccountAliasesResult><IsTruncated>false</IsTruncated><AccountAliases/></ListAccountAliasesResult><ResponseMetadata><RequestId>iam-1</RequestId></ResponseMetadata></ListAccountAliasesResponse>',
    ),
  assumeRole: (accessKeyId: string, roleArn: string): Answer =>
    xml.ok(
      `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials><AccessKeyId>${accessKeyId}</AccessKeyId><SecretAccessKey>fake-secret</SecretAccessKey><SessionToken>fake-token</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials><AssumedRoleUser><Arn>${roleArn.replace(':iam::', ':sts::').replace(':role/', ':assumed-role/')}/s</Arn><AssumedRoleId>AROAFAKE:s</AssumedRoleId></AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>sts-1</RequestId></ResponseMetadata></AssumeRoleResponse>`,
    ),
  /** EC2's error envelope. */
  ec2Error: (status: number, code: string, message: string, requestId: string): Answer => ({
    status,
    headers: { 'x-amzn-requestid': requestId },
    body: `<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`,
  }),
  /** The envelope of IAM, STS and Auto Scaling. */
  queryError: (status: number, code: string, message: string, requestId: string): Answer => ({
    status,
    headers: { 'x-amzn-requestid': requestId },
    body: `<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
  }),
};
