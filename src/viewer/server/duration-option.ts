const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * A retention age as given on the command line: `7d`, `12h`, `30m`, `90s`, `2w`; `0`, `off` or
 * `never` keep traces forever (undefined). Throws a message for the user otherwise.
 */
export function parseRetentionAge(text: string): number | undefined {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === '0' || trimmed === 'off' || trimmed === 'never') return undefined;
  const match = /^(\d+(?:\.\d+)?)([smhdw])$/.exec(trimmed);
  if (match === null) {
    throw new Error(
      `--retain ${text}: expected a number and a unit (s, m, h, d, w), e.g. 7d or 12h; or "off"`,
    );
  }
  return Number(match[1]) * (UNIT_MS[match[2] as string] as number);
}
