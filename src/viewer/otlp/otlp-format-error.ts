/** An OTLP request the receiver cannot read; its message is the reason sent back with the 400. */
export class OtlpFormatError extends Error {
  override readonly name = 'OtlpFormatError';
}
