import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  ParentBasedSampler,
  type Sampler,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace';
import type { EnvReader } from './env-reader';
import { NeverThrowingSampler } from './never-throwing-sampler';

/** The values `OTEL_TRACES_SAMPLER` (and a saved config's `sampler.name`) accept. */
export const SAMPLER_NAMES = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
] as const;

export type SamplerName = (typeof SAMPLER_NAMES)[number];

/**
 * The sampler asked for, kept as data so config can be inspected and tested; `custom` is a Sampler
 * object given in code.
 */
export interface SamplerSpec {
  name: SamplerName | 'custom';
  ratio: number;
  custom?: Sampler;
}

type SamplerOption = Sampler | SamplerName | { name: SamplerName; ratio?: number };

/**
 * The `sampler` option (a Sampler object, a name as in `OTEL_TRACES_SAMPLER`, or `{ name, ratio }`)
 * or else `OTEL_TRACES_SAMPLER` and `OTEL_TRACES_SAMPLER_ARG`. An unusable option warns once and the
 * environment decides.
 */
export function resolveSamplerSpec(read: EnvReader, option?: SamplerOption): SamplerSpec {
  const fromOption = samplerSpecFromOption(read, option);
  if (fromOption) return fromOption;
  const name = read.oneOf('OTEL_TRACES_SAMPLER', SAMPLER_NAMES, 'parentbased_always_on');
  const ratio = name.endsWith('traceidratio') ? read.ratio('OTEL_TRACES_SAMPLER_ARG', 1) : 1;
  return { name, ratio };
}

function samplerSpecFromOption(read: EnvReader, option: SamplerOption | undefined): SamplerSpec | undefined {
  if (option === undefined) return undefined;
  if (
    typeof option === 'object' &&
    option !== null &&
    typeof (option as Sampler).shouldSample === 'function'
  ) {
    return { name: 'custom', ratio: 1, custom: option as Sampler };
  }
  const named =
    typeof option === 'string' ? { name: option } : (option as { name?: unknown; ratio?: unknown });
  const name = typeof named?.name === 'string' ? named.name.trim().toLowerCase() : undefined;
  if (!SAMPLER_NAMES.includes(name as SamplerName)) {
    read.warnInvalid(
      'the sampler option',
      describeOption(option),
      'OTEL_TRACES_SAMPLER or parentbased_always_on',
      `expected a Sampler object or one of ${SAMPLER_NAMES.join(', ')}`,
    );
    return undefined;
  }
  const samplerName = name as SamplerName;
  if (!samplerName.endsWith('traceidratio')) return { name: samplerName, ratio: 1 };
  if (named.ratio === undefined)
    return { name: samplerName, ratio: read.ratio('OTEL_TRACES_SAMPLER_ARG', 1) };
  const ratio = named.ratio;
  if (typeof ratio === 'number' && Number.isFinite(ratio) && ratio >= 0 && ratio <= 1) {
    return { name: samplerName, ratio };
  }
  read.warnInvalid('the sampler option ratio', String(ratio), '1', 'expected a number between 0 and 1');
  return { name: samplerName, ratio: 1 };
}

function describeOption(option: unknown): string {
  if (typeof option === 'string') return option;
  try {
    return JSON.stringify(option) ?? String(option);
  } catch {
    return String(option);
  }
}

/** Builds the sampler; a custom one is wrapped so that a throwing `shouldSample` cannot break a span. */
export function createSampler(spec: SamplerSpec): Sampler {
  switch (spec.name) {
    case 'custom':
      return spec.custom
        ? new NeverThrowingSampler(spec.custom)
        : new ParentBasedSampler({ root: new AlwaysOnSampler() });
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return new TraceIdRatioBasedSampler(spec.ratio);
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(spec.ratio) });
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
  }
}
