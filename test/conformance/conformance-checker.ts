import { type Attributes, type AttributeValue, SpanKind } from '@opentelemetry/api';
import { DataPointType, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import type { AttributeType, ConventionsModel, RequirementLevel, SpanType } from './conventions-model';

/**
 * Checks spans and metrics against a {@link ConventionsModel} — what OpenTelemetry Weaver's live
 * check does, for the parts of the model genai-otel's telemetry touches: attribute names, types
 * and enum values, requirement levels, span types (by operation), span kinds and names, metric
 * instruments, units, advised buckets and per-metric attribute sets.
 *
 * Attributes outside the namespaces the conventions own (genai-otel's `genai_otel.*`, vendor
 * `anthropic.*`, the Agents SDK's `openai_agents.*`, HTTP …) are not judged; inside them every name must be defined, and on a span
 * or metric of a known type it must be one that type lists.
 */
const CONVENTION_NAMESPACES = [
  'gen_ai.',
  'openai.',
  'aws.bedrock.',
  'mcp.',
  'jsonrpc.',
  'rpc.',
  'server.',
  'client.',
  'network.',
  'error.',
];

/**
 * Enums whose values genai-otel chooses itself: a value outside the list is a mistake. The others
 * are open (the conventions allow a provider's own values, e.g. an OpenAI `flex` service tier):
 * there a value is wrong only when it is a known value misspelled (`open_ai`, `Default`).
 */
const CLOSED_ENUMS = new Set([
  'gen_ai.operation.name',
  'gen_ai.token.type',
  'gen_ai.output.type',
  'openai.api.type',
]);

/** Metric names of the conventions (genai-otel's own `genai_otel.*` metrics are not judged). */
const CONVENTION_METRIC_PREFIXES = ['gen_ai.', 'mcp.'];

export interface Violation {
  /** The span name or metric name the violation is on. */
  subject: string;
  message: string;
}

export function isConventionAttribute(key: string): boolean {
  return CONVENTION_NAMESPACES.some((prefix) => key.startsWith(prefix));
}

/** Violations of `spans` against `model` (empty when they conform). */
export function checkSpans(model: ConventionsModel, spans: readonly ReadableSpan[]): Violation[] {
  const violations: Violation[] = [];
  for (const span of spans) {
    const report = (message: string) => violations.push({ subject: `span "${span.name}"`, message });
    checkAttributeValues(model, span.attributes, report);
    const type = spanTypeOf(model, span);
    if (type === undefined) {
      const operation = span.attributes['gen_ai.operation.name'];
      if (operation !== undefined)
        report(`no span type of ${model.version} covers operation "${String(operation)}"`);
      continue;
    }
    const kind = SpanKind[span.kind].toLowerCase();
    if (!type.kinds.includes(kind)) report(`kind ${kind}, ${type.type} spans are ${type.kinds.join(' or ')}`);
    const expectedName = spanNameOf(type, span.attributes);
    if (span.name !== expectedName) report(`name should be "${expectedName}" (${type.namePattern})`);
    const listed = attributesOf(type, span.attributes);
    checkListed(listed, span.attributes, type.type, report);
  }
  return violations;
}

/** Violations of the metrics in `collected` against `model`. */
export function checkMetrics(model: ConventionsModel, collected: readonly ResourceMetrics[]): Violation[] {
  const violations: Violation[] = [];
  for (const resourceMetrics of collected) {
    for (const scope of resourceMetrics.scopeMetrics) {
      for (const metric of scope.metrics) {
        const name = metric.descriptor.name;
        if (!CONVENTION_METRIC_PREFIXES.some((prefix) => name.startsWith(prefix))) continue;
        const report = (message: string) => violations.push({ subject: `metric ${name}`, message });
        const type = model.metrics.get(name);
        if (type === undefined) {
          report(`not a metric of ${model.version}`);
          continue;
        }
        if (metric.dataPointType !== DataPointType.HISTOGRAM || type.instrument !== 'histogram') {
          report(`instrument ${DataPointType[metric.dataPointType]}, the conventions say ${type.instrument}`);
        }
        if (metric.descriptor.unit !== type.unit)
          report(`unit "${metric.descriptor.unit}", expected "${type.unit}"`);
        for (const point of metric.dataPoints) {
          const attributes = point.attributes;
          checkAttributeValues(model, attributes, report);
          const listed = new Map(type.attributes);
          const provider = attributes['gen_ai.provider.name'];
          for (const refinement of type.refinements) {
            if (typeof provider === 'string' && refinement.whenProvider.includes(provider)) {
              for (const [key, level] of refinement.attributes) listed.set(key, level);
            }
          }
          // Every attribute of a metric point must be one the metric lists: this bounds cardinality.
          for (const key of Object.keys(attributes)) {
            if (!listed.has(key)) report(`attribute ${key} is not an attribute of this metric`);
          }
          for (const [key, level] of listed) {
            if (level === 'required' && attributes[key] === undefined)
              report(`required attribute ${key} missing`);
          }
          const value = point.value as { buckets?: { boundaries: number[] } };
          const boundaries = value.buckets?.boundaries;
          if (
            type.buckets !== undefined &&
            boundaries !== undefined &&
            !sameNumbers(boundaries, type.buckets)
          ) {
            report(
              `bucket boundaries [${boundaries.join(', ')}] are not the advised [${type.buckets.join(', ')}]`,
            );
          }
        }
      }
    }
  }
  return dedupe(violations);
}

function spanTypeOf(model: ConventionsModel, span: ReadableSpan): SpanType | undefined {
  const kind = SpanKind[span.kind].toLowerCase();
  if (span.attributes['mcp.method.name'] !== undefined) {
    return model.spans.find((type) => type.mcp && type.kinds.includes(kind));
  }
  const operation = span.attributes['gen_ai.operation.name'];
  if (typeof operation !== 'string') return undefined;
  const candidates = model.spans.filter((type) => type.operations?.includes(operation));
  return candidates.find((type) => type.kinds.includes(kind)) ?? candidates[0];
}

/** The span type's attributes, with the refinements for the span's provider. */
function attributesOf(type: SpanType, attributes: Attributes): Map<string, RequirementLevel> {
  const listed = new Map(type.attributes);
  const provider = attributes['gen_ai.provider.name'];
  for (const refinement of type.refinements) {
    if (typeof provider === 'string' && refinement.whenProvider.includes(provider)) {
      for (const [key, level] of refinement.attributes) listed.set(key, level);
    }
  }
  return listed;
}

function checkListed(
  listed: Map<string, RequirementLevel>,
  attributes: Attributes,
  typeName: string,
  report: (message: string) => void,
): void {
  for (const [key, level] of listed) {
    if (level === 'required' && attributes[key] === undefined) report(`required attribute ${key} missing`);
  }
  if (
    attributes['server.address'] !== undefined &&
    listed.has('server.port') &&
    attributes['server.port'] === undefined
  ) {
    report('server.port missing although server.address is set');
  }
  for (const key of Object.keys(attributes)) {
    if (isConventionAttribute(key) && !listed.has(key))
      report(`attribute ${key} is not an attribute of ${typeName}`);
  }
}

/** `{gen_ai.operation.name} {gen_ai.request.model}` and the like; a missing part is left out. */
function spanNameOf(type: SpanType, attributes: Attributes): string {
  const target = (): string | undefined => {
    const tool = attributes['gen_ai.tool.name'];
    const prompt = attributes['gen_ai.prompt.name'];
    return typeof tool === 'string' ? tool : typeof prompt === 'string' ? prompt : undefined;
  };
  return type.namePattern
    .replace(/\{([^}]+)\}/g, (_whole, key: string) => {
      const value = key === 'target' ? target() : attributes[key];
      return value === undefined ? '' : String(value);
    })
    .trim();
}

function checkAttributeValues(
  model: ConventionsModel,
  attributes: Attributes,
  report: (message: string) => void,
): void {
  for (const [key, value] of Object.entries(attributes)) {
    if (!isConventionAttribute(key) || value === undefined) continue;
    const type = model.attributes.get(key);
    if (type === undefined) {
      report(`attribute ${key} is not defined in ${model.version}`);
      continue;
    }
    const problem = typeProblem(type, value, CLOSED_ENUMS.has(key));
    if (problem !== undefined) report(`attribute ${key}: ${problem}`);
  }
}

function typeProblem(type: AttributeType, value: AttributeValue, closed = false): string | undefined {
  if (typeof type === 'object') {
    if (typeof value !== 'string') return `expected a string enum value, got ${typeof value}`;
    if (type.members.includes(value)) return undefined;
    const misspelled = type.members.find((member) => spelling(member) === spelling(value));
    if (!closed && misspelled === undefined) return undefined;
    return misspelled !== undefined
      ? `"${value}" is spelled "${misspelled}" in the conventions`
      : `"${value}" is not one of the values the conventions spell (${type.members.join(', ')})`;
  }
  switch (type) {
    case 'any':
      return undefined;
    case 'string':
      return typeof value === 'string' ? undefined : `expected a string, got ${JSON.stringify(value)}`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `expected a boolean, got ${JSON.stringify(value)}`;
    case 'int':
      return Number.isInteger(value) ? undefined : `expected an int, got ${JSON.stringify(value)}`;
    case 'double':
      return typeof value === 'number' ? undefined : `expected a double, got ${JSON.stringify(value)}`;
    default: {
      const element = type.slice(0, -2) as 'string' | 'int' | 'double';
      if (!Array.isArray(value)) return `expected ${type}, got ${JSON.stringify(value)}`;
      const wrong = value.find((item) => typeProblem(element, item as AttributeValue) !== undefined);
      return wrong === undefined ? undefined : `expected ${type}, has ${JSON.stringify(wrong)}`;
    }
  }
}

/** A value with case and separators ignored, to catch `open_ai` for `openai`. */
function spelling(value: string): string {
  return value.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

function dedupe(violations: Violation[]): Violation[] {
  const seen = new Set<string>();
  return violations.filter((violation) => {
    const key = `${violation.subject}: ${violation.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Violations as lines, for an assertion message that says what to fix. */
export function describeViolations(violations: readonly Violation[]): string[] {
  return violations.map((violation) => `${violation.subject}: ${violation.message}`);
}
