import { createRequire } from 'node:module';
import {
  InstrumentationBase,
  type InstrumentationModuleDefinition,
  InstrumentationNodeModuleDefinition,
  InstrumentationNodeModuleFile,
} from '@opentelemetry/instrumentation';
import { wrapperMarker } from '../../src/genai/wrapper-marker';
import { PACKAGE_VERSION } from '../../src/version';
import { tracedRequestFunnel, V1_REQUEST_FUNNEL, V2_REQUEST_FUNNEL } from './client-requests';
import type { AnyFunction, ProtocolPrototypeLike } from './internal-types';
import { McpMetrics } from './mcp-metrics';
import type { McpTelemetry } from './mcp-session';
import {
  tracedNotificationDispatch,
  tracedNotificationFunnel,
  V1_NOTIFICATION_FUNNEL,
  V2_NOTIFICATION_FUNNEL,
} from './notifications';
import { tracedRequestDispatch } from './server-requests';
import { tracedClose, tracedConnect } from './session-duration';
import type { MCPInstrumentationConfig } from './types';

export const MCP_INSTRUMENTATION_NAME = 'genai-otel-mcp';

/** `@modelcontextprotocol/sdk` (one package, tested 1.32) and the split 2.x packages (tested 2.4). */
export const SUPPORTED_MCP_SDK_VERSIONS = ['>=1.0.0 <2'];
export const SUPPORTED_MCP_V2_VERSIONS = ['>=2.0.0 <3'];

/** The 1.x entry files apps import (`@modelcontextprotocol/sdk/client/index.js`, …), per build. */
const V1_ENTRY_FILES = ['client/index.js', 'server/index.js', 'server/mcp.js'];

/** The same entries by the specifiers apps `require()` them with. */
const V1_ENTRY_SPECIFIERS = [
  '@modelcontextprotocol/sdk/client/index.js',
  '@modelcontextprotocol/sdk/client',
  '@modelcontextprotocol/sdk/server/index.js',
  '@modelcontextprotocol/sdk/server',
  '@modelcontextprotocol/sdk/server/mcp.js',
];

/** Every `Protocol.prototype` method some SDK line has us wrap. */
const PATCHED_PROTOCOL_METHODS = [
  'connect',
  'request',
  '_requestWithSchemaViaCodec',
  'notification',
  '_notificationViaCodec',
  '_onrequest',
  '_onnotification',
  '_onclose',
];

/** Marks our wrappers so that nothing is wrapped twice (CJS + ESM copies, two genai-otel copies). */
const ourWrappers = wrapperMarker('genai-otel.mcp.wrapper');
const markOurs = ourWrappers.mark;
const isOurs = ourWrappers.isMarked;

/**
 * OpenTelemetry instrumentation for the Model Context Protocol TypeScript SDKs, both sides: every
 * request a `Client` (or a `Server`, for sampling/elicitation) sends is a CLIENT span with the trace
 * context in `params._meta`; every request a `Server`/`McpServer` (or a client) handles is a SERVER
 * span parented on that context, with the handler's work nested inside; plus the four MCP
 * duration histograms (docs/mcp.md).
 *
 * It patches the SDK's `Protocol` base class, which both `Client` and `Server` extend, so stdio,
 * Streamable HTTP, SSE and custom transports are all covered. Bundled apps, where module hooks never
 * see the SDK, call {@link instrumentMCP} with the classes or modules.
 */
export class MCPInstrumentation extends InstrumentationBase<MCPInstrumentationConfig> {
  declare private mcpMetrics: McpMetrics;
  declare private v1RequireHook: { unhook(): void } | undefined;
  private readonly telemetry: McpTelemetry;

  constructor(config: MCPInstrumentationConfig = {}) {
    super(MCP_INSTRUMENTATION_NAME, PACKAGE_VERSION, config);
    this.telemetry = {
      tracer: () => this.tracer,
      metrics: () => this.mcpMetrics,
      diag: this._diag,
      isEnabled: () => this.isEnabled(),
    };
  }

  protected override init(): InstrumentationModuleDefinition[] {
    const patch = (moduleExports: unknown) => {
      this.guard(() => this.patch(moduleExports));
      return moduleExports;
    };
    const unpatch = (moduleExports: unknown) => {
      if (moduleExports !== undefined) this.guard(() => this.unpatch(moduleExports));
    };
    const v1Files = ['cjs', 'esm'].flatMap((build) =>
      V1_ENTRY_FILES.map(
        (file) =>
          new InstrumentationNodeModuleFile(
            `@modelcontextprotocol/sdk/dist/${build}/${file}`,
            SUPPORTED_MCP_SDK_VERSIONS,
            patch,
            unpatch,
          ),
      ),
    );
    return [
      new InstrumentationNodeModuleDefinition(
        '@modelcontextprotocol/sdk',
        SUPPORTED_MCP_SDK_VERSIONS,
        undefined,
        undefined,
        v1Files,
      ),
      new InstrumentationNodeModuleDefinition(
        '@modelcontextprotocol/client',
        SUPPORTED_MCP_V2_VERSIONS,
        patch,
        unpatch,
      ),
      new InstrumentationNodeModuleDefinition(
        '@modelcontextprotocol/server',
        SUPPORTED_MCP_V2_VERSIONS,
        patch,
        unpatch,
      ),
    ];
  }

  override enable(): void {
    super.enable();
    this.hookV1Requires();
  }

  override disable(): void {
    super.disable();
    this.v1RequireHook?.unhook();
    this.v1RequireHook = undefined;
  }

  /**
   * 1.x CommonJS: the package's `"."` export points at a file it does not ship, so the shared
   * require hook (which resolves a package's main file to tell internal files apart) never reports
   * its files. A hook on the entry specifiers themselves does; the ESM hook is unaffected.
   */
  private hookV1Requires(): void {
    if (this.v1RequireHook !== undefined) return;
    try {
      const fromInstrumentation = createRequire(require.resolve('@opentelemetry/instrumentation'));
      const { Hook } = fromInstrumentation('require-in-the-middle') as {
        Hook: new (
          modules: string[],
          options: { internals: boolean },
          onRequire: (exports: unknown, name: string, baseDir?: string) => unknown,
        ) => { unhook(): void };
      };
      this.v1RequireHook = new Hook(V1_ENTRY_SPECIFIERS, { internals: false }, (exports) => {
        if (this.isEnabled()) this.guard(() => this.patch(exports));
        return exports;
      });
    } catch (error) {
      this._diag.debug('genai-otel: no require hook for @modelcontextprotocol/sdk', error);
    }
  }

  protected override _updateMetricInstruments(): void {
    this.mcpMetrics = new McpMetrics(this.meter);
  }

  /**
   * Patches the SDK `Protocol` reachable from `target`: a module namespace or exports object
   * (`@modelcontextprotocol/sdk/client/index.js`, `@modelcontextprotocol/server`, …), a `Client`,
   * `Server`, `McpServer` or `Protocol` class, or an instance of one. Returns how many methods were
   * wrapped (0 when already patched).
   */
  patch(target: unknown): number {
    const prototypes = protocolPrototypesOf(target);
    let patched = 0;
    for (const prototype of prototypes) patched += this.patchProtocol(prototype);
    // 1.x `server/mcp.js` reaches `Server` by a relative import ESM hooks never see: patch the
    // protocol of the McpServer's own `server` when it connects.
    for (const McpServer of classesOf(target, ['McpServer']))
      patched += this.patchMcpServerConnect(McpServer);
    if (prototypes.length === 0 && patched === 0 && !isModuleWithoutProtocol(target)) {
      this._diag.warn(
        'genai-otel: instrumentMCP() was given something that is not an MCP SDK module, Client, Server or McpServer',
      );
    }
    return patched;
  }

  unpatch(target: unknown): void {
    for (const prototype of protocolPrototypesOf(target)) {
      for (const method of PATCHED_PROTOCOL_METHODS) {
        if (isOurs(prototype[method])) this._unwrap(prototype, method);
      }
    }
    for (const McpServer of classesOf(target, ['McpServer'])) {
      const prototype = (McpServer as { prototype?: Record<string, unknown> }).prototype;
      if (prototype !== undefined && isOurs(prototype.connect)) this._unwrap(prototype, 'connect');
    }
  }

  reportPatchFailure(error: unknown): void {
    this._diag.error('genai-otel: failed to instrument the MCP SDK', error);
  }

  private patchProtocol(prototype: ProtocolPrototypeLike): number {
    const telemetry = this.telemetry;
    const wrapOnce = (method: string, wrapper: (original: AnyFunction) => AnyFunction): number => {
      const current = prototype[method];
      if (typeof current !== 'function' || isOurs(current)) return 0;
      this._wrap(prototype, method, (original: unknown) => markOurs(wrapper(original as AnyFunction)));
      return 1;
    };
    let patched = 0;
    patched += wrapOnce('connect', (original) => tracedConnect(original, telemetry));
    // 2.x funnels `request()`, the typed helpers and handler-side `ctx.mcpReq.send` through one method.
    if (typeof prototype._requestWithSchemaViaCodec === 'function')
      patched += wrapOnce('_requestWithSchemaViaCodec', (original) =>
        tracedRequestFunnel(original, V2_REQUEST_FUNNEL, telemetry),
      );
    else
      patched += wrapOnce('request', (original) =>
        tracedRequestFunnel(original, V1_REQUEST_FUNNEL, telemetry),
      );
    if (typeof prototype._notificationViaCodec === 'function')
      patched += wrapOnce('_notificationViaCodec', (original) =>
        tracedNotificationFunnel(original, V2_NOTIFICATION_FUNNEL, telemetry),
      );
    else
      patched += wrapOnce('notification', (original) =>
        tracedNotificationFunnel(original, V1_NOTIFICATION_FUNNEL, telemetry),
      );
    patched += wrapOnce('_onrequest', (original) => tracedRequestDispatch(original, telemetry));
    patched += wrapOnce('_onnotification', (original) => tracedNotificationDispatch(original, telemetry));
    patched += wrapOnce('_onclose', (original) => tracedClose(original, telemetry));
    return patched;
  }

  private patchMcpServerConnect(McpServer: unknown): number {
    const prototype = (McpServer as { prototype?: Record<string, unknown> }).prototype;
    if (prototype === undefined || typeof prototype.connect !== 'function' || isOurs(prototype.connect))
      return 0;
    const instrumentation = this;
    this._wrap(prototype, 'connect', (original: unknown) =>
      markOurs(function genaiOtelMcpServerConnect(this: unknown, ...args: unknown[]): unknown {
        instrumentation.guard(() => {
          for (const found of protocolPrototypesOf((this as { server?: unknown }).server))
            instrumentation.patchProtocol(found);
        });
        return (original as AnyFunction).apply(this, args);
      }),
    );
    return 1;
  }

  private guard(work: () => void): void {
    try {
      work();
    } catch (error) {
      this.reportPatchFailure(error);
    }
  }
}

/** The `Protocol.prototype`s reachable from a module, a class or an instance (deduplicated). */
function protocolPrototypesOf(target: unknown): ProtocolPrototypeLike[] {
  const found = new Set<ProtocolPrototypeLike>();
  const starts: unknown[] = [];
  if (typeof target === 'function') starts.push((target as { prototype?: unknown }).prototype);
  else if (target !== null && typeof target === 'object') {
    starts.push(Object.getPrototypeOf(target));
    for (const Class of classesOf(target, ['Client', 'Server', 'Protocol'])) starts.push(Class.prototype);
  }
  for (const start of starts) {
    const prototype = findProtocolPrototype(start);
    if (prototype !== undefined) found.add(prototype);
  }
  return [...found];
}

/** Walks a prototype chain to the object that defines `_onrequest` (the SDK's `Protocol`). */
function findProtocolPrototype(start: unknown): ProtocolPrototypeLike | undefined {
  let current = start;
  for (let depth = 0; current !== null && typeof current === 'object' && depth < 8; depth++) {
    if (
      Object.hasOwn(current, '_onrequest') &&
      typeof (current as ProtocolPrototypeLike)._onrequest === 'function'
    )
      return current as ProtocolPrototypeLike;
    current = Object.getPrototypeOf(current);
  }
  return undefined;
}

/** The named exported classes of a module namespace or exports object (ESM `default` included). */
function classesOf(target: unknown, names: string[]): Array<{ prototype: unknown }> {
  if (target === null || (typeof target !== 'object' && typeof target !== 'function')) return [];
  const sources: unknown[] = [target];
  const defaultExport = (target as { default?: unknown }).default;
  if (defaultExport !== undefined && defaultExport !== target) sources.push(defaultExport);
  if (typeof target === 'function' && names.includes((target as { name?: string }).name ?? ''))
    return [target as { prototype: unknown }];
  const classes: Array<{ prototype: unknown }> = [];
  for (const source of sources) {
    if (source === null || (typeof source !== 'object' && typeof source !== 'function')) continue;
    for (const name of names) {
      let value: unknown;
      try {
        value = (source as Record<string, unknown>)[name];
      } catch {
        continue;
      }
      if (typeof value === 'function') classes.push(value as { prototype: unknown });
    }
  }
  return classes;
}

/** An SDK module that legitimately holds no Protocol (e.g. a transport-only entry). */
function isModuleWithoutProtocol(target: unknown): boolean {
  return target !== null && typeof target === 'object' && classesOf(target, ['McpServer']).length > 0;
}
