import type { ContextManager } from '@opentelemetry/api';
import { findInheritedContext } from './inherited-context';
import { InheritedContextManager } from './inherited-context-manager';

/** The AsyncLocalStorage context manager genai-otel installs, starting from the inherited context. */
export function createContextManager(): ContextManager {
  return new InheritedContextManager(findInheritedContext()).enable();
}
