import { describe, expect, it } from 'vitest';
import { subscribeToArrivalAlerts } from './arrival-alerts.js';

/** The device side of arrival alerts against fakes of the Push API and the server. */
const SERVER_KEY = Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 7)]);
const OTHER_KEY = Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 9)]);

function fakes({ permission = 'granted', heldKey }: { permission?: NotificationPermission; heldKey?: Buffer } = {}) {
  const posted: unknown[] = [];
  const made: BufferSource[] = [];
  let unsubscribed = 0;
  const subscription = (key: ArrayBuffer, endpoint: string) =>
    ({
      options: { applicationServerKey: key },
      unsubscribe: async () => {
        unsubscribed++;
        return true;
      },
      toJSON: () => ({ endpoint, keys: { p256dh: 'p', auth: 'a' } }),
    }) as unknown as PushSubscription;
  const pushManager = {
    getSubscription: async () => (heldKey ? subscription(new Uint8Array(heldKey).buffer, 'https://push.example/held') : null),
    subscribe: async (options?: PushSubscriptionOptionsInit) => {
      made.push(options!.applicationServerKey as BufferSource);
      return subscription(new Uint8Array(options!.applicationServerKey as Uint8Array).buffer, 'https://push.example/new');
    },
  };
  const fetch = async (url: string, init?: RequestInit) => {
    if (url.endsWith('/api/push/vapid-public-key')) return Response.json({ publicKey: SERVER_KEY.toString('base64url') });
    expect(url).toBe('https://server.test/api/push-subscriptions');
    expect(new Headers(init!.headers).get('Authorization')).toBe('Bearer device-token');
    posted.push(JSON.parse(String(init!.body)));
    return Response.json({});
  };
  const deps = { baseUrl: 'https://server.test', token: 'device-token', pushManager, requestPermission: async () => permission, fetch };
  return { deps, posted, made, unsubscribed: () => unsubscribed };
}

describe('subscribeToArrivalAlerts', () => {
  it("subscribes with the server's VAPID key and registers the subscription with the device token", async () => {
    const f = fakes();
    expect(await subscribeToArrivalAlerts(f.deps)).toBe('subscribed');
    expect(f.made).toHaveLength(1);
    expect(Buffer.from(f.made[0] as Uint8Array)).toEqual(SERVER_KEY);
    expect(f.posted).toEqual([{ endpoint: 'https://push.example/new', keys: { p256dh: 'p', auth: 'a' } }]);
  });

  it('keeps a subscription made for the same key, and replaces one made for another key', async () => {
    const same = fakes({ heldKey: SERVER_KEY });
    await subscribeToArrivalAlerts(same.deps);
    expect([same.made.length, same.unsubscribed()]).toEqual([0, 0]);
    expect(same.posted).toEqual([expect.objectContaining({ endpoint: 'https://push.example/held' })]);
    const other = fakes({ heldKey: OTHER_KEY });
    await subscribeToArrivalAlerts(other.deps);
    expect([other.made.length, other.unsubscribed()]).toEqual([1, 1]);
    expect(other.posted).toEqual([expect.objectContaining({ endpoint: 'https://push.example/new' })]);
  });

  it('does nothing when notifications are not allowed', async () => {
    const f = fakes({ permission: 'denied' });
    expect(await subscribeToArrivalAlerts(f.deps)).toBe('denied');
    expect([f.made.length, f.posted.length]).toEqual([0, 0]);
  });
});
