import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { MessageIdOwners } from '../../security/message-id-owners';
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
    expect(await redis.pttl('t:idown:M-1')).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 3100));
    expect(await owners.claim('M-1', 'procuratorate-440105')).toEqual({ ok: true });
  });
});
