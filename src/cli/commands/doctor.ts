import { getDoctorReport } from '../../doctor/doctor-report';
import { formatDoctorReport } from '../../doctor/format-doctor-report';
import type { CliCommand } from '../command-registry';

const HELP = `Usage: genai-otel doctor [--json] [--no-network] [--timeout <ms>]

Checks the set-up for the current folder and environment: Node.js version, whether
genai-otel/register is loaded (NODE_OPTIONS), which instrumented libraries are installed
and supported, where traces and metrics go and whether those OTLP endpoints answer an
empty export request, sampling and content capture. Exits 1 when a problem is found.

  --json          the report as JSON
  --no-network    do not contact the OTLP endpoints
  --timeout <ms>  per endpoint check (default 2000)

Inside your app, getDoctorReport() from 'genai-otel' also tells what was patched.
`;

/** `genai-otel doctor`: the self-check of {@link getDoctorReport}, as text or JSON. */
export const command: CliCommand = {
  summary: 'check Node.js, instrumented libraries, exporters and endpoints',
  async run(args) {
    if (args.includes('--help') || args.includes('-h')) {
      process.stdout.write(HELP);
      return 0;
    }
    const timeoutIndex = args.indexOf('--timeout');
    const timeout = timeoutIndex >= 0 ? Number(args[timeoutIndex + 1]) : 2000;
    const unknown = args.filter(
      (arg, index) =>
        !['--json', '--no-network', '--timeout'].includes(arg) &&
        !(timeoutIndex >= 0 && index === timeoutIndex + 1),
    );
    if (unknown.length > 0 || !Number.isFinite(timeout) || timeout <= 0) {
      process.stderr.write(
        `genai-otel doctor: unexpected ${unknown.join(' ') || `--timeout ${args[timeoutIndex + 1]}`}\n\n${HELP}`,
      );
      return 2;
    }
    const report = await getDoctorReport({
      checkEndpoints: !args.includes('--no-network'),
      endpointTimeoutMillis: timeout,
      appDir: process.cwd(),
      context: 'cli',
    });
    process.stdout.write(
      args.includes('--json') ? `${JSON.stringify(report, null, 2)}\n` : formatDoctorReport(report),
    );
    return report.problems.length > 0 ? 1 : 0;
  },
};
