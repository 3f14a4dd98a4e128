import { describe, expect, it } from 'vitest';
import { periodOf } from '../../tracking';

const at = (iso: string) => Date.parse(iso);

describe('figure periods (Beijing day, ISO week, month of an instant)', () => {
  it('bucket by the Beijing date, not the UTC one, on both sides of midnight', () => {
    // 2022-12-31 23:59:59 Beijing is 15:59:59 UTC; one second later the Beijing year turns.
    const lastSecond = at('2022-12-31T23:59:59+08:00');
    expect([periodOf('day', lastSecond), periodOf('week', lastSecond), periodOf('month', lastSecond)]).toEqual(['2022-12-31', '2022-W52', '2022-12']);
    const newYear = lastSecond + 1000;
    expect([periodOf('day', newYear), periodOf('week', newYear), periodOf('month', newYear)]).toEqual(['2023-01-01', '2022-W52', '2023-01']);
    // Sunday 2023-01-01 still belongs to ISO week 2022-W52; Monday starts 2023-W01.
    expect(periodOf('week', at('2023-01-02T00:00:00+08:00'))).toBe('2023-W01');
    expect(periodOf('week', at('2023-01-01T23:59:59+08:00'))).toBe('2022-W52');
  });

  it('give every instant of one Beijing day the same labels, whichever is asked first', () => {
    const morning = at('2024-02-29T00:00:00+08:00');
    for (let ms = morning; ms < morning + 86_400_000; ms += 3_600_000 - 1) {
      expect(periodOf('day', ms)).toBe('2024-02-29');
      expect(periodOf('month', ms)).toBe('2024-02');
      expect(periodOf('week', ms)).toBe('2024-W09');
    }
    expect(periodOf('day', morning - 1)).toBe('2024-02-28');
    expect(periodOf('day', morning + 86_400_000)).toBe('2024-03-01');
    expect(periodOf('week', at('2020-12-31T12:00:00Z'))).toBe('2020-W53');
  });
});
