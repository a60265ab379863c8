import { Agent, request } from 'node:http';

/**
 * A POST from a load generator that shares the server's two cores: node:http over kept-alive sockets. The chain
 * bench pushed 200 sales a second with fetch, and its process took 40 % of a core (measured from /proc over the
 * peak), CPU the instances under test then lacked; a store's tills are other machines. Answers the status and body,
 * or rejects when no answer came within `timeoutMs` (the request is then aborted).
 */
const agent = new Agent({ keepAlive: true, maxSockets: 256 });

export function postJson(url: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { ...headers, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          clearTimeout(deadline);
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', reject);
      },
    );
    const deadline = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    req.on('error', (error) => {
      clearTimeout(deadline);
      reject(error);
    });
    req.end(body);
  });
}
