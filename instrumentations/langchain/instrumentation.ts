import { createRequire } from 'node:module';
import { join } from 'node:path';
import { context } from '@opentelemetry/api';
import {
  InstrumentationBase,
  type InstrumentationModuleDefinition,
  InstrumentationNodeModuleDefinition,
  InstrumentationNodeModuleFile,
} from '@opentelemetry/instrumentation';
import { GenAIMetrics } from '../../src/genai/genai-metrics';
import { wrapperMarker } from '../../src/genai/wrapper-marker';
import { PACKAGE_VERSION } from '../../src/version';
import { GenAIOtelCallbackHandler, LANGCHAIN_INSTRUMENTATION_NAME } from './callback-handler';
import { withOurHandler } from './handler-injection';
import type { CallbackManagerClassLike, LanguageModelClassLike } from './internal-types';
import { scopedModelCall, scopedModelStream } from './model-call-scope';
import type { LangChainInstrumentationConfig } from './types';

/** Supported `@langchain/core` versions (tested: 1.4; the callback and model internals we touch are stable across 1.x). */
export const SUPPORTED_LANGCHAIN_CORE_VERSIONS = ['>=1.0.0 <2'];

/** Marks our wrappers so that nothing is wrapped twice (CJS + ESM copies, two genai-otel copies). */
const ourWrappers = wrapperMarker('genai-otel.langchain.wrapper');
const markOurs = ourWrappers.mark;
const isOurs = ourWrappers.isMarked;

type AnyFunction = (this: unknown, ...args: unknown[]) => unknown;

/** The @langchain/core files we patch, relative to the package, without extension. */
const CALLBACK_MANAGER_FILE = 'dist/callbacks/manager';
const CHAT_MODELS_FILE = 'dist/language_models/chat_models';
const LLMS_FILE = 'dist/language_models/llms';
const RUN_CONTEXT_FILE = 'dist/singletons/async_local_storage/index';

/**
 * OpenTelemetry instrumentation for LangChain.js (`@langchain/core` 1.x, hence LangChain,
 * LangGraph and every provider package): attaches a {@link GenAIOtelCallbackHandler} to every
 * callback manager, so chains, LangGraph graphs and nodes, chat models, tools and retrievers
 * become GenAI spans with no change to the app; and opens an inference scope around each model
 * call, so that the provider instrumentation (openai) does not record the same call a second time
 * (see docs/langchain.md).
 *
 * `register()` enables it. Bundled apps, where module hooks never see @langchain/core, call
 * {@link instrumentLangChain} with the modules.
 */
export class LangChainInstrumentation extends InstrumentationBase<LangChainInstrumentationConfig> {
  declare private genaiMetrics: GenAIMetrics;
  declare private sharedHandler: GenAIOtelCallbackHandler | undefined;
  declare private esmHook: { unhook(): void } | undefined;
  declare private esmCopiesPatched: Set<string> | undefined;

  constructor(config: LangChainInstrumentationConfig = {}) {
    super(LANGCHAIN_INSTRUMENTATION_NAME, PACKAGE_VERSION, config);
  }

  /** The handler this instrumentation attaches to every run. */
  get handler(): GenAIOtelCallbackHandler {
    this.sharedHandler ??= new GenAIOtelCallbackHandler({
      timeoutMs: this._config.runTimeoutMs,
      telemetry: () => ({ tracer: this.tracer, metrics: this.genaiMetrics, diag: this._diag }),
    });
    return this.sharedHandler;
  }

  protected override init(): InstrumentationModuleDefinition[] {
    const file = (path: string, patch: (exports: unknown) => void, unpatch: (exports: unknown) => void) =>
      ['.cjs', '.js'].map(
        (extension) =>
          new InstrumentationNodeModuleFile(
            `@langchain/core/${path}${extension}`,
            SUPPORTED_LANGCHAIN_CORE_VERSIONS,
            (moduleExports: unknown) => {
              this.guard(() => patch(moduleExports));
              return moduleExports;
            },
            (moduleExports: unknown) => {
              if (moduleExports !== undefined) this.guard(() => unpatch(moduleExports));
            },
          ),
      );
    return [
      new InstrumentationNodeModuleDefinition(
        '@langchain/core',
        SUPPORTED_LANGCHAIN_CORE_VERSIONS,
        undefined,
        undefined,
        [
          ...file(
            CALLBACK_MANAGER_FILE,
            (m) => this.patchCallbackManager(m),
            (m) => this.unpatchCallbackManager(m),
          ),
          ...file(
            CHAT_MODELS_FILE,
            (m) => this.patchModels(m, 'BaseChatModel'),
            (m) => this.unpatchModels(m, 'BaseChatModel'),
          ),
          ...file(
            LLMS_FILE,
            (m) => this.patchModels(m, 'BaseLLM'),
            (m) => this.unpatchModels(m, 'BaseLLM'),
          ),
          ...file(
            RUN_CONTEXT_FILE,
            (m) => this.patchRunContext(m),
            (m) => this.unpatchRunContext(m),
          ),
        ],
      ),
    ];
  }

  override enable(): void {
    super.enable();
    this.hookEsmCopies();
  }

  override disable(): void {
    super.disable();
    this.esmHook?.unhook();
    this.esmHook = undefined;
  }

  protected override _updateMetricInstruments(): void {
    this.genaiMetrics = new GenAIMetrics(this.meter);
  }

  /**
   * Patches modules that module hooks cannot see (bundled apps): pass what you import from
   * `@langchain/core/callbacks/manager` and, for the no-duplicate-span guarantee, from
   * `@langchain/core/language_models/chat_models` and `…/llms`. Returns how many classes were patched.
   */
  patchModules(modules: { callbackManager?: unknown; chatModels?: unknown; llms?: unknown }): number {
    let patched = 0;
    if (modules.callbackManager !== undefined) patched += this.patchCallbackManager(modules.callbackManager);
    if (modules.chatModels !== undefined) patched += this.patchModels(modules.chatModels, 'BaseChatModel');
    if (modules.llms !== undefined) patched += this.patchModels(modules.llms, 'BaseLLM');
    return patched;
  }

  private patchCallbackManager(moduleExports: unknown): number {
    const CallbackManager = (moduleExports as { CallbackManager?: CallbackManagerClassLike } | undefined)
      ?.CallbackManager;
    if (typeof CallbackManager?._configureSync !== 'function' || isOurs(CallbackManager._configureSync))
      return 0;
    const instrumentation = this;
    this._wrap(CallbackManager, '_configureSync', (original) => {
      const wrapped = function genaiOtelConfigure(this: unknown, ...args: unknown[]): unknown {
        if (instrumentation.isEnabled()) {
          try {
            args[0] = withOurHandler(args[0], args[1], instrumentation.handler);
          } catch (error) {
            instrumentation._diag.error('genai-otel: could not attach the LangChain handler', error);
          }
        }
        return (original as AnyFunction).apply(this, args);
      };
      return markOurs(wrapped);
    });
    return 1;
  }

  private unpatchCallbackManager(moduleExports: unknown): void {
    const CallbackManager = (moduleExports as { CallbackManager?: CallbackManagerClassLike } | undefined)
      ?.CallbackManager;
    if (CallbackManager !== undefined && isOurs(CallbackManager._configureSync))
      this._unwrap(CallbackManager, '_configureSync');
  }

  private patchModels(moduleExports: unknown, className: 'BaseChatModel' | 'BaseLLM'): number {
    const prototype = (moduleExports as Record<string, LanguageModelClassLike | undefined> | undefined)?.[
      className
    ]?.prototype;
    if (prototype === undefined) return 0;
    const isEnabled = () => this.isEnabled();
    let patched = 0;
    for (const [method, scoped] of [
      ['_generateUncached', scopedModelCall],
      ['_streamIterator', scopedModelStream],
    ] as const) {
      const current = prototype[method];
      if (typeof current !== 'function' || isOurs(current)) continue;
      this._wrap(prototype, method, (original) => markOurs(scoped(original as AnyFunction, isEnabled)));
      patched++;
    }
    return patched;
  }

  private unpatchModels(moduleExports: unknown, className: 'BaseChatModel' | 'BaseLLM'): void {
    const prototype = (moduleExports as Record<string, LanguageModelClassLike | undefined> | undefined)?.[
      className
    ]?.prototype;
    if (prototype === undefined) return;
    for (const method of ['_generateUncached', '_streamIterator']) {
      if (isOurs(prototype[method])) this._unwrap(prototype, method);
    }
  }

  /**
   * LangChain runs tool functions and lambda bodies inside
   * `AsyncLocalStorageProviderSingleton.runWithConfig(childConfig, fn)`, where the child config's
   * callback manager names the run. Running `fn` with that run's span active makes spans started
   * inside (an OpenAI call in a tool, a manual span, an HTTP request) children of the tool or step.
   */
  private patchRunContext(moduleExports: unknown): number {
    const provider = (
      moduleExports as { AsyncLocalStorageProviderSingleton?: Record<string, unknown> } | undefined
    )?.AsyncLocalStorageProviderSingleton;
    if (typeof provider?.runWithConfig !== 'function' || isOurs(provider.runWithConfig)) return 0;
    const instrumentation = this;
    this._wrap(provider, 'runWithConfig', (original) =>
      markOurs(function genaiOtelRunWithConfig(this: unknown, ...args: unknown[]): unknown {
        const runContext = instrumentation.isEnabled()
          ? instrumentation.handler.contextOfConfig(args[0])
          : undefined;
        if (runContext === undefined) return (original as AnyFunction).apply(this, args);
        return context.with(runContext, () => (original as AnyFunction).apply(this, args));
      }),
    );
    return 1;
  }

  private unpatchRunContext(moduleExports: unknown): void {
    const provider = (
      moduleExports as { AsyncLocalStorageProviderSingleton?: Record<string, unknown> } | undefined
    )?.AsyncLocalStorageProviderSingleton;
    if (provider !== undefined && isOurs(provider.runWithConfig)) this._unwrap(provider, 'runWithConfig');
  }

  /**
   * ESM apps: the loader hook only wraps modules imported by bare specifier, and @langchain/core
   * reaches its callback manager and model classes through relative imports. So whenever any
   * @langchain/core ESM entry point is loaded, we load (`require(esm)`, the same module instances)
   * the three files of that copy and patch them.
   */
  private hookEsmCopies(): void {
    if (this.esmHook !== undefined) return;
    try {
      const fromInstrumentation = createRequire(require.resolve('@opentelemetry/instrumentation'));
      const { Hook } = fromInstrumentation('import-in-the-middle') as {
        Hook: new (
          modules: string[],
          options: { internals: boolean },
          hook: (exports: unknown, name: string, baseDir?: string) => unknown,
        ) => { unhook(): void };
      };
      this.esmHook = new Hook(['@langchain/core'], { internals: true }, (exports, name, baseDir) => {
        if (baseDir !== undefined && name.endsWith('.js')) this.patchEsmCopy(baseDir);
        return exports;
      });
    } catch (error) {
      this._diag.debug('genai-otel: no ESM hook for @langchain/core', error);
    }
  }

  private patchEsmCopy(baseDir: string): void {
    this.esmCopiesPatched ??= new Set();
    if (this.esmCopiesPatched.has(baseDir) || !this.isEnabled()) return;
    try {
      const load = createRequire(join(baseDir, 'package.json'));
      this.patchCallbackManager(load(join(baseDir, `${CALLBACK_MANAGER_FILE}.js`)));
      this.patchModels(load(join(baseDir, `${CHAT_MODELS_FILE}.js`)), 'BaseChatModel');
      this.patchModels(load(join(baseDir, `${LLMS_FILE}.js`)), 'BaseLLM');
      this.patchRunContext(load(join(baseDir, `${RUN_CONTEXT_FILE}.js`)));
      this.esmCopiesPatched.add(baseDir);
    } catch (error) {
      // E.g. ERR_REQUIRE_CYCLE_MODULE while the file is still evaluating: the next entry point retries.
      this._diag.debug('genai-otel: could not patch the ESM build of @langchain/core yet', error);
    }
  }

  private guard(work: () => void): void {
    try {
      work();
    } catch (error) {
      this._diag.error('genai-otel: failed to instrument @langchain/core', error);
    }
  }
}
