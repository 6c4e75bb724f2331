import { randomBytes } from 'node:crypto';

/** A credential-shaped random string that must never appear in exported telemetry. */
export function canary(prefix: string): string {
  return `${prefix}canary${randomBytes(18).toString('hex')}`;
}
