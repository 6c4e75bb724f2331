import { basename } from 'node:path';

/**
 * The spec's default `service.name`, `unknown_service:<executable name>`. The SDK puts
 * `process.argv0` there verbatim, which is the full path of node when a runner spawns it (tsx,
 * npm scripts, test runners: `unknown_service:/home/me/.nvm/versions/node/v24/bin/node`) and
 * differs between runs of the same app. The executable's base name (`node`, `bun`) is what the
 * spec means and what every run of the app has in common.
 */
export function defaultServiceName(
  argv0: string = process.argv0,
  execPath: string = process.execPath,
): string {
  const executable = basename(argv0 || execPath).replace(/\.exe$/i, '');
  return executable ? `unknown_service:${executable}` : 'unknown_service';
}
