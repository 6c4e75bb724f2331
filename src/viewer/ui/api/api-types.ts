/**
 * The JSON the viewer's HTTP API answers with: the server's model (src/viewer/model.ts, types
 * only, so nothing of the server ends up in the browser bundle), under the names the UI uses.
 */
export type {
  Attributes,
  AttributeValue,
  Facets,
  Overview,
  OverviewBucket,
  Percentiles,
  SourceInfo,
  SpanEventRecord as SpanEvent,
  SpanLinkRecord as SpanLink,
  SpanRecord,
  StatusCodeName as StatusCode,
  TraceDetail,
  TraceList,
  TraceSummary,
} from '../../model';
