import { startTestServer } from './harness.js';

/**
 * A test server in a process of its own, for body-flood.test.ts: the flood is measured on the server's event loop
 * and memory, not on the test's (which generates the flood). Forked with tsx; talks over IPC:
 *
 *   ← {type:'ready', url, token}               (token: a device of S1, enrolled over HTTP)
 *   → {type:'memory'}  ← {type:'memory', peakRssBytes}
 *   → {type:'close'}   ← {type:'closed'} then exit
 */
export type FloodTargetMessage = { type: 'ready'; url: string; token: string } | { type: 'memory'; peakRssBytes: number } | { type: 'closed' };

const server = await startTestServer({ catalogSize: 10 });
const token = await server.enroll('S1');
const send = (message: FloodTargetMessage) => process.send!(message);
send({ type: 'ready', url: server.url, token });

process.on('message', (message: { type: 'memory' | 'close' }) => {
  if (message.type === 'memory') send({ type: 'memory', peakRssBytes: process.resourceUsage().maxRSS * 1024 });
  if (message.type === 'close') {
    void server.close().then(() => {
      send({ type: 'closed' });
      process.disconnect();
    });
  }
});
