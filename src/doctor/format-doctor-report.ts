import type { DoctorReport, LoadedByReport, SignalReport } from './doctor-report';

const LOADED_BY: Record<LoadedByReport, string> = {
  'import-flag': '--import genai-otel/register',
  'require-flag': '--require genai-otel/register',
  'register-call': 'register() in code',
  'not-loaded': 'not loaded (start the app with --import genai-otel/register, or call register() first)',
};

/** The doctor report as text for a terminal: one fact per line, ✓ / ✗ where something is checked. */
export function formatDoctorReport(report: DoctorReport): string {
  const lines: string[] = ['genai-otel doctor', ''];
  const row = (label: string, value: string) => lines.push(`  ${label.padEnd(17)}${value}`);
  row(
    'Node.js',
    `${report.node.version} ${report.node.supported ? '✓' : `✗ (needs ${report.node.supportedRange})`}`,
  );
  const { genaiOtel } = report;
  row(
    'genai-otel',
    `${genaiOtel.version}, ${LOADED_BY[genaiOtel.loadedBy]}${genaiOtel.loadedBy === 'not-loaded' ? '' : `, ESM hooks ${genaiOtel.esmHooks ? 'on' : 'off'}`}${genaiOtel.calledFrom ? ` (from ${genaiOtel.calledFrom})` : ''}`,
  );
  lines.push('  Instrumentations');
  for (const instrumentation of report.instrumentations) {
    for (const library of instrumentation.libraries) {
      const label = `    ${instrumentation.name}`.padEnd(19);
      let state: string;
      if (!library.installed) state = `${library.package} not installed`;
      else {
        const version = `${library.package} ${library.version ?? '?'}`;
        if (!instrumentation.enabled) state = `${version}: off (${library.reason ?? 'disabled'})`;
        else if (library.supported === false) state = `${version} ✗ ${library.reason ?? ''}`;
        else if (library.patched === true) state = `${version} patched ✓`;
        else if (library.patched === false) state = `${version} not patched: ${library.reason ?? ''}`;
        else state = `${version} supported ✓`;
      }
      lines.push(`${label}${state}`);
    }
  }
  row('Traces', describeSignal(report.traces));
  row('Sampling', report.traces.sampler);
  row('Metrics', describeSignal(report.metrics));
  row(
    'System metrics',
    report.metrics.systemMetrics ? 'on' : 'off (GENAI_OTEL_SYSTEM_METRICS=true turns them on)',
  );
  row(
    'Content capture',
    report.contentCapture
      ? 'on: prompts and completions are recorded'
      : 'off (OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true records prompts)',
  );
  lines.push('');
  if (report.problems.length === 0) lines.push('No problems found.');
  else {
    lines.push(`${report.problems.length} problem${report.problems.length === 1 ? '' : 's'}:`);
    for (const problem of report.problems) lines.push(`  ✗ ${problem}`);
    lines.push('', 'Fixes for each: docs/troubleshooting.md');
  }
  return `${lines.join('\n')}\n`;
}

function describeSignal(signal: SignalReport): string {
  const others = signal.exporters.filter((name) => name !== 'otlp');
  const parts = others.length > 0 ? [others.join(', ')] : [];
  if (signal.url) {
    const answer = signal.endpoint
      ? signal.endpoint.ok
        ? ` ✓ answers (${signal.endpoint.detail})`
        : ` ✗ ${signal.endpoint.detail}`
      : '';
    parts.unshift(`otlp ${signal.protocol ?? ''} → ${signal.url} (from ${signal.urlSource})${answer}`);
  }
  return parts.join(' + ') || 'none';
}
