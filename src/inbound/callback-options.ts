import { diag } from '@opentelemetry/api';
import type { RegisterOptions } from '../config/register-options';
import { setPricingOverrides } from '../cost/pricing-overrides';
import { addRequestHooks } from '../hooks/request-hooks';
import { setEventBridgeDefaults } from './event-source-bridge';

/** Installs the callback-related register options: request hooks, pricing overrides, bridge defaults. */
export function applyCallbackOptions(options: RegisterOptions): void {
  try {
    if (options.hooks !== undefined) addRequestHooks(options.hooks);
    if (options.pricing !== undefined) setPricingOverrides(options.pricing);
    if (options.events !== undefined) setEventBridgeDefaults(options.events);
  } catch (error) {
    diag.error('genai-otel: could not apply hooks, pricing or event options', error);
  }
}
