import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where `genai-otel view` keeps its store unless told otherwise: the platform's per-user data
 * directory — `$XDG_DATA_HOME` or `~/.local/share` on Linux, `~/Library/Application Support` on
 * macOS, `%LOCALAPPDATA%` on Windows — under `genai-otel/view.db`.
 */
export function defaultDbPath(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  let dataDir: string;
  if (platform === 'win32') dataDir = env.LOCALAPPDATA ?? env.APPDATA ?? join(home, 'AppData', 'Local');
  else if (platform === 'darwin') dataDir = join(home, 'Library', 'Application Support');
  else
    dataDir =
      env.XDG_DATA_HOME && env.XDG_DATA_HOME !== '' ? env.XDG_DATA_HOME : join(home, '.local', 'share');
  return join(dataDir, 'genai-otel', 'view.db');
}
