import { context } from '@opentelemetry/api';
import { openInferenceScope } from '../../src/genai/inference-scope';

type AnyFunction = (this: unknown, ...args: unknown[]) => unknown;

/**
 * Wraps a model entry point (`_generateUncached`, which `invoke`/`generate`/`batch` reach) so that
 * it runs in a fresh inference scope: the handler claims it when the run starts, and a provider
 * instrumentation inside (the OpenAI call) then knows its call already has an inference span.
 */
export function scopedModelCall(original: AnyFunction, isEnabled: () => boolean): AnyFunction {
  return function genaiOtelModelCall(this: unknown, ...args: unknown[]): unknown {
    if (!isEnabled()) return original.apply(this, args);
    const { context: scoped } = openInferenceScope(context.active());
    return context.with(scoped, () => original.apply(this, args));
  };
}

/**
 * Same for `_streamIterator` (what `stream()` reaches), an async generator: its body runs when
 * the consumer pulls, so every pull runs in the scope. A consumer that stops early (`return()`)
 * gets no end event from LangChain, so the scope's claimant is told to end the run itself.
 */
export function scopedModelStream(original: AnyFunction, isEnabled: () => boolean): AnyFunction {
  return function genaiOtelModelStream(this: unknown, ...args: unknown[]): unknown {
    if (!isEnabled()) return original.apply(this, args);
    const { context: scoped, scope } = openInferenceScope(context.active(), true);
    const source = context.with(scoped, () => original.apply(this, args)) as AsyncGenerator<unknown>;
    if (typeof source?.next !== 'function') return source;
    const inScope = <R>(pull: () => Promise<R>): Promise<R> => context.with(scoped, pull);
    const scopedIterator: AsyncIterableIterator<unknown> & Pick<AsyncGenerator<unknown>, 'return' | 'throw'> =
      {
        next: (...pullArgs: [] | [unknown]) => inScope(() => source.next(...pullArgs)),
        return: (value: unknown) =>
          inScope(() => source.return(value)).finally(() => scope.consumerStopped()),
        throw: (error: unknown) => inScope(() => source.throw(error)),
        [Symbol.asyncIterator]() {
          return scopedIterator;
        },
      };
    return scopedIterator;
  };
}
