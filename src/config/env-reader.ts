import { diag } from '@opentelemetry/api';

/**
 * Reads OpenTelemetry environment variables with the spec's parsing rules. A value that cannot
 * be used produces exactly one `diag` warning naming the variable, the value and the default,
 * and never throws: a typo in the environment must not take the app down.
 */
export type Environment = Readonly<Record<string, string | undefined>>;

export class EnvReader {
  private readonly warned = new Set<string>();

  constructor(private readonly env: Environment = process.env) {}

  /** The trimmed value, or undefined when unset or empty (the spec treats empty as unset). */
  string(name: string): string | undefined {
    const raw = this.env[name];
    if (raw === undefined) return undefined;
    const trimmed = raw.trim();
    return trimmed === '' ? undefined : trimmed;
  }

  boolean(name: string, fallback: boolean): boolean {
    const value = this.string(name);
    if (value === undefined) return fallback;
    const lower = value.toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
    this.warnInvalid(name, value, String(fallback), 'expected true or false');
    return fallback;
  }

  /** A non-negative number; `integer` also rejects fractions. */
  number(name: string, fallback: number, { integer = true, min = 0 } = {}): number {
    const value = this.string(name);
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || (integer && !Number.isInteger(parsed)) || parsed < min) {
      this.warnInvalid(
        name,
        value,
        String(fallback),
        integer ? `expected an integer >= ${min}` : 'expected a number',
      );
      return fallback;
    }
    return parsed;
  }

  /** A number in [0, 1], as for sampler ratios. */
  ratio(name: string, fallback: number): number {
    const value = this.string(name);
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || parsed < 0 || parsed > 1) {
      this.warnInvalid(name, value, String(fallback), 'expected a number between 0 and 1');
      return fallback;
    }
    return parsed;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.string(name);
    if (value === undefined) return fallback;
    const lower = value.toLowerCase() as T;
    if (allowed.includes(lower)) return lower;
    this.warnInvalid(name, value, fallback, `expected one of ${allowed.join(', ')}`);
    return fallback;
  }

  /** A comma-separated list, entries trimmed and lower-cased, empty entries dropped. */
  list(name: string): string[] | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    return value
      .split(',')
      .map((entry) => entry.trim().toLowerCase())
      .filter((entry) => entry !== '');
  }

  /**
   * `key=value` pairs separated by commas, values percent-decoded, as in `OTEL_EXPORTER_OTLP_HEADERS`
   * and `OTEL_RESOURCE_ATTRIBUTES`. Malformed pairs are skipped with a warning.
   */
  keyValuePairs(name: string): Record<string, string> | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    const pairs: Record<string, string> = {};
    for (const entry of value.split(',')) {
      if (entry.trim() === '') continue;
      const separator = entry.indexOf('=');
      const key = separator > 0 ? entry.slice(0, separator).trim() : '';
      if (key === '') {
        this.warnInvalid(name, '(a malformed entry)', 'the entry is skipped', 'expected key=value');
        continue;
      }
      pairs[key] = decodeOrKeep(entry.slice(separator + 1).trim());
    }
    return pairs;
  }

  /** Warns `message` once per `key` for this reader. */
  warnOnce(key: string, message: string): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    diag.warn(message);
  }

  /** Warns once per variable; the value is left out for variables that may carry secrets. */
  warnInvalid(name: string, value: string, fallbackDescription: string, expectation: string): void {
    if (this.warned.has(name)) return;
    this.warned.add(name);
    diag.warn(
      `genai-otel: ignoring ${name}=${JSON.stringify(value)} (${expectation}); using ${fallbackDescription}`,
    );
  }
}

function decodeOrKeep(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
