/**
 * `error.type` for AWS SDK errors: a service error's `name` (`ThrottlingException`,
 * `ValidationException`, `AccessDeniedException`, `ModelStreamErrorException`, and for errors the
 * SDK has no class for, the code the service sent, e.g. `InvalidSignatureException`);
 * undefined (the class name) for anything else, e.g. a connection error.
 */
export function bedrockErrorType(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const isServiceError = (error as { $metadata?: unknown }).$metadata !== undefined;
  if (isServiceError && error.name !== '' && error.name !== 'Error') return error.name;
  return undefined;
}
