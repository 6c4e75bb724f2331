import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  ParentBasedSampler,
  type Sampler,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace';
import type { EnvReader } from './env-reader';

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

/** The sampler the environment asks for, kept as data so config can be inspected and tested. */
export interface SamplerSpec {
  name: SamplerName;
  ratio: number;
}

/** Reads `OTEL_TRACES_SAMPLER` and `OTEL_TRACES_SAMPLER_ARG`. */
export function resolveSamplerSpec(read: EnvReader): SamplerSpec {
  const name = read.oneOf('OTEL_TRACES_SAMPLER', SAMPLER_NAMES, 'parentbased_always_on');
  const ratio = name.endsWith('traceidratio') ? read.ratio('OTEL_TRACES_SAMPLER_ARG', 1) : 1;
  return { name, ratio };
}

export function createSampler(spec: SamplerSpec): Sampler {
  switch (spec.name) {
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
