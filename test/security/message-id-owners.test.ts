import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { MessageIdOwners } from '../../security/message-id-owners';
import { waitFor } from '../core/helpers';
import { redisForFile } from '../support/shared-redis';

let redis: Redis;
redisForFile('own', (r) => (redis = r.client));

describe('message ids belong to the sender that used them first', () => {
  it('the owner may use its id again; another sender is refused naming the owner; the claim expires with the window', async () => {
    const owners = new MessageIdOwners(redis, { prefix: 't', windowMs: 3000 });
    expect(await owners.claim('M-1', 'psb-440105')).toEqual({ ok: true });
    expect(await owners.claim('M-1', 'psb-440105')).toEqual({ ok: true });
    expect(await owners.claim('M-1', 'procuratorate-440105')).toMatchObject({
      ok: false,
      owner: 'psb-440105',
      reason: expect.stringContaining('报文编号已被其他发送系统使用'),
    });
    const ttl = await redis.pttl('t:idown:M-1');
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(3000); // the claim lives as long as the window
    // The window passes (Redis's clock, moved on for this key rather than waited for).
    await redis.pexpire('t:idown:M-1', 1);
    await waitFor(async () => (await redis.exists('t:idown:M-1')) === 0, 5000, 'the claim expired');
    expect(await owners.claim('M-1', 'procuratorate-440105')).toEqual({ ok: true });
  });
});
