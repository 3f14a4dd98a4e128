export { freePort } from '../../cli/redis-server';
