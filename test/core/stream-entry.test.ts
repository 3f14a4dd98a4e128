import { expect, test } from 'vitest';
import { idBefore, parseEntry } from '../../core/stream-entry';

test('stream ids compare numerically', () => {
  const ids = ['1795608163224-0', '1795608163223-10', '999999999999-5', '1795608163223-9', '1795608163223-0', '10000000000000-0'];
  const sorted = [...ids].sort((a, b) => (idBefore(a, b) ? -1 : idBefore(b, a) ? 1 : 0));
  expect(sorted).toEqual(['999999999999-5', '1795608163223-0', '1795608163223-9', '1795608163223-10', '1795608163224-0', '10000000000000-0']);
  expect(idBefore('1-1', '1-1')).toBe(false);
});

test('entries parse in any field order, with or without payload and last error', () => {
  expect(parseEntry('1-0', ['m', 'id', 'k', 'case', 't', '42', 'a', '3', 'e', 'boom', 'p', '{}'])).toEqual({
    id: '1-0',
    messageId: 'id',
    orderKey: 'case',
    enqueuedAt: 42,
    attempt: 3,
    lastError: 'boom',
    payload: '{}',
  });
  expect(parseEntry('1-1', ['p', 'x', 'a', '1', 't', '7', 'k', 'c', 'm', 'i'])).toMatchObject({ messageId: 'i', payload: 'x', lastError: undefined });
  expect(parseEntry('1-2', ['m', 'i', 'k', 'c', 't', '7', 'a', '1']).payload).toBeUndefined();
});
