import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';

/**
 * The conventions' model (test/conformance/model/*.yaml) resolved for checking: every attribute
 * with its type, every span type and metric with its attributes and requirement levels
 * (`ref_group`s expanded, later refs overriding earlier ones, as Weaver resolves them).
 */
export type RequirementLevel = 'required' | 'conditionally_required' | 'recommended' | 'opt_in';

export type AttributeType =
  | 'string'
  | 'int'
  | 'double'
  | 'boolean'
  | 'string[]'
  | 'int[]'
  | 'double[]'
  | 'any'
  | { members: string[] };

export interface SpanType {
  type: string;
  /** `gen_ai.operation.name` values it covers; absent for MCP spans (told by `mcp.method.name`). */
  operations?: string[];
  mcp: boolean;
  kinds: string[];
  namePattern: string;
  attributes: Map<string, RequirementLevel>;
  refinements: Refinement[];
}

export interface MetricType {
  name: string;
  instrument: string;
  unit: string;
  buckets?: number[];
  attributes: Map<string, RequirementLevel>;
  refinements: Refinement[];
}

/** Attributes a provider-specific refinement adds to a span type or metric. */
export interface Refinement {
  whenProvider: string[];
  attributes: Map<string, RequirementLevel>;
}

export interface ConventionsModel {
  version: string;
  attributes: Map<string, AttributeType>;
  spans: SpanType[];
  metrics: Map<string, MetricType>;
}

interface RawRef {
  ref?: string;
  ref_group?: string;
  requirement_level?: RequirementLevel;
}

interface RawModel {
  version: string;
  extends?: string;
  attributes?: Array<{ key: string; type: AttributeType }>;
  attribute_groups?: Array<{ id: string; attributes: RawRef[] }>;
  spans?: Array<{
    type: string;
    operations?: string[];
    mcp?: boolean;
    kind: string[];
    name_pattern: string;
    attributes: RawRef[];
  }>;
  span_refinements?: Array<{ ref: string; when_provider: string[]; attributes: RawRef[] }>;
  metrics?: Array<{
    name: string;
    instrument: string;
    unit: string;
    buckets?: number[];
    attributes: RawRef[];
  }>;
  metric_refinements?: Array<{ ref: string; when_provider: string[]; attributes: RawRef[] }>;
  renamed_attributes?: Record<string, string>;
  added_attributes?: Array<{ key: string; type: AttributeType }>;
  added_members?: Record<string, string[]>;
  added_span_attributes?: Record<string, RawRef[]>;
  changed_metric_requirements?: Record<string, Record<string, RequirementLevel>>;
}

/** Reads a model file (and the file it `extends`, with the changes applied). */
export function loadConventionsModel(file: string): ConventionsModel {
  const raw = parse(readFileSync(file, 'utf8')) as RawModel;
  if (raw.extends === undefined) return resolve(raw);
  const base = loadConventionsModel(join(dirname(file), raw.extends));
  return applyChanges(base, raw);
}

function resolve(raw: RawModel): ConventionsModel {
  const groups = new Map((raw.attribute_groups ?? []).map((group) => [group.id, group.attributes]));
  const expand = (
    refs: RawRef[],
    into = new Map<string, RequirementLevel>(),
  ): Map<string, RequirementLevel> => {
    for (const entry of refs) {
      if (entry.ref_group !== undefined) {
        const group = groups.get(entry.ref_group);
        if (group === undefined)
          throw new Error(`model ${raw.version}: unknown ref_group ${entry.ref_group}`);
        expand(group, into);
      } else if (entry.ref !== undefined) {
        into.set(entry.ref, entry.requirement_level ?? 'recommended');
      }
    }
    return into;
  };
  const refinementsOf = (list: RawModel['span_refinements'], ref: string): Refinement[] =>
    (list ?? [])
      .filter((refinement) => refinement.ref === ref)
      .map((refinement) => ({
        whenProvider: refinement.when_provider,
        attributes: expand(refinement.attributes),
      }));
  const model: ConventionsModel = {
    version: raw.version,
    attributes: new Map((raw.attributes ?? []).map((attribute) => [attribute.key, attribute.type])),
    spans: (raw.spans ?? []).map((span) => ({
      type: span.type,
      operations: span.operations,
      mcp: span.mcp === true,
      kinds: span.kind,
      namePattern: span.name_pattern,
      attributes: expand(span.attributes),
      refinements: refinementsOf(raw.span_refinements, span.type),
    })),
    metrics: new Map(
      (raw.metrics ?? []).map((metric) => [
        metric.name,
        {
          name: metric.name,
          instrument: metric.instrument,
          unit: metric.unit,
          buckets: metric.buckets,
          attributes: expand(metric.attributes),
          refinements: refinementsOf(raw.metric_refinements, metric.name),
        },
      ]),
    ),
  };
  for (const [key] of allReferences(model)) {
    if (!model.attributes.has(key))
      throw new Error(`model ${raw.version}: ${key} is referenced but not defined`);
  }
  return model;
}

function applyChanges(base: ConventionsModel, changes: RawModel): ConventionsModel {
  const model: ConventionsModel = { ...base, version: changes.version };
  const rename = (map: Map<string, RequirementLevel>): Map<string, RequirementLevel> =>
    new Map([...map].map(([key, level]) => [changes.renamed_attributes?.[key] ?? key, level]));
  model.attributes = new Map(
    [...base.attributes].map(([key, type]) => [changes.renamed_attributes?.[key] ?? key, type]),
  );
  for (const attribute of changes.added_attributes ?? []) model.attributes.set(attribute.key, attribute.type);
  for (const [key, members] of Object.entries(changes.added_members ?? {})) {
    const type = model.attributes.get(key);
    if (type === undefined || typeof type === 'string')
      throw new Error(`${changes.version}: ${key} is no enum`);
    model.attributes.set(key, { members: [...type.members, ...members] });
  }
  model.spans = base.spans.map((span) => {
    const attributes = rename(span.attributes);
    for (const entry of changes.added_span_attributes?.[span.type] ?? []) {
      if (entry.ref !== undefined) attributes.set(entry.ref, entry.requirement_level ?? 'recommended');
    }
    return {
      ...span,
      attributes,
      refinements: span.refinements.map((refinement) => ({
        ...refinement,
        attributes: rename(refinement.attributes),
      })),
    };
  });
  model.metrics = new Map(
    [...base.metrics].map(([name, metric]) => {
      const attributes = rename(metric.attributes);
      for (const [key, level] of Object.entries(changes.changed_metric_requirements?.[name] ?? {})) {
        attributes.set(key, level);
      }
      return [name, { ...metric, attributes }];
    }),
  );
  return model;
}

function* allReferences(model: ConventionsModel): Iterable<[string, RequirementLevel]> {
  for (const span of model.spans) {
    yield* span.attributes;
    for (const refinement of span.refinements) yield* refinement.attributes;
  }
  for (const metric of model.metrics.values()) {
    yield* metric.attributes;
    for (const refinement of metric.refinements) yield* refinement.attributes;
  }
}

/** The model files: the released text and the newest draft. */
export const MODEL_FILES = {
  released: join(__dirname, 'model', 'v1.41.yaml'),
  latest: join(__dirname, 'model', 'genai-main.yaml'),
} as const;
