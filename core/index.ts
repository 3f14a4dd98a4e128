/**
 * CaseLink forwarding core: durable, idempotent, per-case ordered delivery over Redis Streams.
 * Plain TypeScript on ioredis — no Node-RED here. See core/README.md.
 */
export { Forwarder, DEFAULT_DESTINATION_SETTINGS, DEFAULT_AUDIT_RETENTION_DAYS, type ForwarderEvents } from './forwarder';
export { Consumer, type ConsumerEvents } from './consumer';
export { DeadLetters } from './dead-letters';
export { Backoff, DEFAULT_BACKOFF, type BackoffOptions } from './backoff';
export { LATENCY_BUCKETS_MS, type DestinationFigures, type LatencyHistogram } from './figures';
export {
  createRedisConnection,
  connectClient,
  verifyServer,
  type RedisClient,
  type RedisConfig,
  type RedisNodeAddress,
  type ConnectionRole,
  type DurabilityMode,
  type WaitAofDurability,
} from './redis-connection';
export { CoreError, BackpressureError, ConfigurationError, ValidationError, type BackpressureCode, type ConfigurationCode } from './errors';
export { destinationKeys, destinationsKey, type DestinationKeys } from './keys';
export type * from './types';
