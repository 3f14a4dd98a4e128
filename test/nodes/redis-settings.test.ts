import { describe, expect, it } from 'vitest';
import { toRedisConfig } from '../../nodes/lib/redis-settings';

describe('Redis config node settings', () => {
  it('reads an unset ${VAR} (left as it is by Node-RED) as empty: standalone on REDIS_URL', () => {
    const result = toRedisConfig(
      { mode: '${CASELINK_REDIS_MODE}', sentinels: '${CASELINK_REDIS_SENTINELS}', masterName: '${CASELINK_REDIS_MASTER}', url: '' },
      { REDIS_URL: 'redis://127.0.0.1:6399' },
    );
    expect(result.ok, JSON.stringify(result)).toBe(true);
  });

  it('takes Sentinel mode from the same fields once set', () => {
    const result = toRedisConfig({ mode: 'sentinel', sentinels: 'sentinel-1:26379,sentinel-2:26379', masterName: 'caselink' }, {});
    expect(result.ok, JSON.stringify(result)).toBe(true);
    if (result.ok) expect(JSON.stringify(result)).toContain('sentinel-2');
  });
});
