import protobuf from 'protobufjs';

/**
 * The part of the OTLP protobuf schema (opentelemetry-proto v1: common, resource, trace, metrics,
 * logs and the collector services' requests and responses) that the viewer's receiver and our
 * tests decode and encode. Field numbers follow the published .proto files; fields not listed
 * here are skipped by the decoder, as protobuf intends.
 */
const OTLP_SCHEMA = `
syntax = "proto3";
package otlp;

message AnyValue {
  oneof value {
    string string_value = 1;
    bool bool_value = 2;
    int64 int_value = 3;
    double double_value = 4;
    ArrayValue array_value = 5;
    KeyValueList kvlist_value = 6;
    bytes bytes_value = 7;
  }
}
message ArrayValue { repeated AnyValue values = 1; }
message KeyValueList { repeated KeyValue values = 1; }
message KeyValue { string key = 1; AnyValue value = 2; }
message InstrumentationScope { string name = 1; string version = 2; repeated KeyValue attributes = 3; }
message Resource { repeated KeyValue attributes = 1; }

message Status { string message = 2; int32 code = 3; }
message Event { fixed64 time_unix_nano = 1; string name = 2; repeated KeyValue attributes = 3; }
message Link { bytes trace_id = 1; bytes span_id = 2; string trace_state = 3; repeated KeyValue attributes = 4; }
message Span {
  bytes trace_id = 1;
  bytes span_id = 2;
  string trace_state = 3;
  bytes parent_span_id = 4;
  string name = 5;
  int32 kind = 6;
  fixed64 start_time_unix_nano = 7;
  fixed64 end_time_unix_nano = 8;
  repeated KeyValue attributes = 9;
  repeated Event events = 11;
  repeated Link links = 13;
  Status status = 15;
  fixed32 flags = 16;
}
message ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; }
message ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; }
message ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
message ExportTracePartialSuccess { int64 rejected_spans = 1; string error_message = 2; }
message ExportTraceServiceResponse { ExportTracePartialSuccess partial_success = 1; }

message NumberDataPoint {
  fixed64 start_time_unix_nano = 2;
  fixed64 time_unix_nano = 3;
  oneof value { double as_double = 4; sfixed64 as_int = 6; }
  repeated KeyValue attributes = 7;
}
message HistogramDataPoint {
  fixed64 start_time_unix_nano = 2;
  fixed64 time_unix_nano = 3;
  fixed64 count = 4;
  optional double sum = 5;
  repeated fixed64 bucket_counts = 6;
  repeated double explicit_bounds = 7;
  repeated KeyValue attributes = 9;
  optional double min = 11;
  optional double max = 12;
}
message Gauge { repeated NumberDataPoint data_points = 1; }
message Sum { repeated NumberDataPoint data_points = 1; int32 aggregation_temporality = 2; bool is_monotonic = 3; }
message Histogram { repeated HistogramDataPoint data_points = 1; int32 aggregation_temporality = 2; }
message Metric {
  string name = 1;
  string description = 2;
  string unit = 3;
  oneof data { Gauge gauge = 5; Sum sum = 7; Histogram histogram = 9; }
}
message ScopeMetrics { InstrumentationScope scope = 1; repeated Metric metrics = 2; }
message ResourceMetrics { Resource resource = 1; repeated ScopeMetrics scope_metrics = 2; }
message ExportMetricsServiceRequest { repeated ResourceMetrics resource_metrics = 1; }
message ExportMetricsPartialSuccess { int64 rejected_data_points = 1; string error_message = 2; }
message ExportMetricsServiceResponse { ExportMetricsPartialSuccess partial_success = 1; }

message LogRecord {
  fixed64 time_unix_nano = 1;
  int32 severity_number = 2;
  string severity_text = 3;
  AnyValue body = 5;
  repeated KeyValue attributes = 6;
  fixed32 flags = 8;
  bytes trace_id = 9;
  bytes span_id = 10;
  fixed64 observed_time_unix_nano = 11;
  string event_name = 12;
}
message ScopeLogs { InstrumentationScope scope = 1; repeated LogRecord log_records = 2; }
message ResourceLogs { Resource resource = 1; repeated ScopeLogs scope_logs = 2; }
message ExportLogsServiceRequest { repeated ResourceLogs resource_logs = 1; }
message ExportLogsPartialSuccess { int64 rejected_log_records = 1; string error_message = 2; }
message ExportLogsServiceResponse { ExportLogsPartialSuccess partial_success = 1; }

// google.rpc.Status: the body of an OTLP/HTTP error response.
message RpcStatus { int32 code = 1; string message = 2; }
`;

/** The parsed schema; message types are under the `otlp.` package, e.g. `otlp.Span`. */
export const otlpProtoRoot: protobuf.Root = protobuf.parse(OTLP_SCHEMA, { keepCase: false }).root;

/** The three OTLP signals, by the last segment of their HTTP path. */
export type OtlpSignal = 'traces' | 'metrics' | 'logs';

const REQUEST_TYPES: Record<OtlpSignal, string> = {
  traces: 'otlp.ExportTraceServiceRequest',
  metrics: 'otlp.ExportMetricsServiceRequest',
  logs: 'otlp.ExportLogsServiceRequest',
};
const RESPONSE_TYPES: Record<OtlpSignal, string> = {
  traces: 'otlp.ExportTraceServiceResponse',
  metrics: 'otlp.ExportMetricsServiceResponse',
  logs: 'otlp.ExportLogsServiceResponse',
};

/**
 * Decodes an OTLP protobuf export request into the shape of the OTLP/JSON encoding: camelCase
 * fields, 64-bit integers as decimal strings, byte fields (ids) as Buffers. Throws on bytes that
 * are not a valid message.
 */
export function decodeOtlpProtoRequest(signal: OtlpSignal, body: Uint8Array): Record<string, unknown> {
  const type = otlpProtoRoot.lookupType(REQUEST_TYPES[signal]);
  return type.toObject(type.decode(body), { longs: String, enums: Number, defaults: false, oneofs: false });
}

/** Encodes an OTLP export response (`{ partialSuccess? }` in JSON field names) as protobuf. */
export function encodeOtlpProtoResponse(signal: OtlpSignal, response: Record<string, unknown>): Uint8Array {
  const type = otlpProtoRoot.lookupType(RESPONSE_TYPES[signal]);
  return type.encode(type.fromObject(response)).finish();
}

/** Encodes the body of an OTLP/HTTP error response (google.rpc.Status) as protobuf. */
export function encodeOtlpProtoStatus(code: number, message: string): Uint8Array {
  const type = otlpProtoRoot.lookupType('otlp.RpcStatus');
  return type.encode(type.fromObject({ code, message })).finish();
}
